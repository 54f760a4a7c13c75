// SIGHUP re-reads the whole config (issue 13 item 15): hallmonitord and the emulator as separate
// processes on 127.0.0.1, two Facebook Pages of one school. Channels added, removed, changed or
// renewed are applied; the others are not touched; a broken config changes nothing. Bounded
// waits everywhere.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>

#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"
#include "support/healthz.hpp"
#include "support/http_client.hpp"

using namespace hm::test;
namespace fs = std::filesystem;
using std::chrono::seconds;

namespace {

constexpr const char* kPage2 = "448242228374599";

// The school's first Page (FacebookPageWorld) and a second one, which each test lists or not.
struct World : FacebookPageWorld {
  std::string post2;
  fs::path config;

  World() {
    control.post("/_emulator/accounts", {{"platform", "facebook"},
                                         {"account_id", kPage2},
                                         {"name", "Joseph Hood PTA"},
                                         {"access_token", "EAAB-second"}});
    post2 = control.add_post("facebook", kPage2, "Cake sale on Friday!");
    dir.write("credentials/jh-facebook-2", R"({"access_token":"EAAB-second"})");
    config = config_with_shipped_filters();  // the first Page only
  }

  // The config with the first Page, and the second when `second` is set; `first_extra` and
  // `second_extra` are appended to each channel's table.
  void write_config(bool second, const std::string& first_extra = {},
                    const std::string& second_extra = {}) {
    std::string toml =
        daemon_toml() + "[filters]\ndir = \"filters\"\n" + school_toml() + first_extra;
    if (second)
      toml +=
          "[[school.channel]]\nid = \"jh-facebook-2\"\nplatform = \"facebook\"\n"
          "account_id = \"" +
          std::string(kPage2) + "\"\ncredential = \"jh-facebook-2\"\napi_base = \"" +
          emulator.graph_base() + "\"\nca_file = \"" + emulator.ca_file().string() + "\"\n" +
          second_extra;
    dir.write("hallmonitor.toml", toml + kMetricsCredentialToml);
  }

  bool hidden_within(const std::string& id, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (control.comment(id).value("hidden", false)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // Reads of a Page's posts and comments (the emulator's call log).
  int reads_of(const std::string& page, const std::string& post_id) {
    return control.calls(page) + control.calls(post_id + "/comments");
  }
  int hide_calls(const std::string& comment_id) {
    int n = 0;
    const json s = control.state();
    for (const auto& c : s.at("calls"))
      if (c.at("method") == "POST" &&
          c.at("path").get<std::string>().find(comment_id) != std::string::npos)
        ++n;
    return n;
  }
  // True when the channel's reads go on: more within a few poll intervals.
  bool still_polled(const std::string& page, const std::string& post_id) {
    const int before = reads_of(page, post_id);
    for (int i = 0; i < 50; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (reads_of(page, post_id) > before) return true;
    }
    return false;
  }
};

std::string metrics_of(DaemonProcess& d) {
  return http_request(d.http_port(), "GET", "/metrics", "",
                      {{"Authorization", "Bearer " + std::string(kTestMetricsToken)}})
      .body;
}

// True once /metrics shows exactly one compiled rule book: the one before the reload is freed.
// (The daemon's start-up once kept a copy of its first classifier for good, and with it about
// 18 MiB after every reload.)
bool one_rule_book_within(DaemonProcess& d, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (metrics_of(d).find("\nhallmonitor_rule_books_in_memory 1\n") != std::string::npos)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Lines of the daemon's log that mention `what` about channel `id` ("restarted", ...).
bool log_says(DaemonProcess& d, const std::string& id, const std::string& what) {
  return d.log_text().find("channel " + id + " " + what) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "SIGHUP starts a channel added to the config, which hides a harmful comment; the "
    "running channel is not restarted") {
  World w;
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  const auto harmful = w.control.add_comment("facebook", w.post2, "f*ck this school, tw@ts");
  CHECK(health(daemon).channel("jh-facebook-2").empty());

  w.write_config(true);
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("channel jh-facebook-2 added and started", seconds(10)));
  CHECK(w.hidden_within(harmful, seconds(5)));
  CHECK(health(daemon).channel("jh-facebook-2").value("state", "") == "polling");
  REQUIRE(
      daemon.wait_for_log("1 channel(s) added, 0 removed, 0 restarted, 1 unchanged", seconds(5)));
  // The first Page's channel was not touched, and polls on.
  CHECK_FALSE(log_says(daemon, "jh-facebook", "restarted"));
  CHECK_FALSE(log_says(daemon, "jh-facebook", "started again"));
  CHECK(w.still_polled(FacebookPageWorld::kPage, w.post));
  // The rule book from before the reload is gone, not kept beside the new one.
  CHECK(one_rule_book_within(daemon, seconds(5)));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(seconds(10)) == 0);
}

TEST_CASE(
    "SIGHUP stops a channel removed from the config: no more reads, its waiting action "
    "stays approved, and the other channel polls on") {
  World w;
  w.write_config(true);
  // The second Page's hide fails once (HTTP 500): the action waits, approved, for its retry.
  const auto harmful = w.control.add_comment("facebook", w.post2, "sh1t school run by clowns");
  w.control.fault("facebook", "server_error", 5, harmful);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  REQUIRE(daemon.wait_for_log("jh-facebook-2: hide comment", seconds(10)));
  REQUIRE(w.still_polled(kPage2, w.post2));

  w.write_config(false);
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("channel jh-facebook-2 removed", seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a read answered meanwhile
  CHECK_FALSE(w.still_polled(kPage2, w.post2));
  CHECK(w.still_polled(FacebookPageWorld::kPage, w.post));
  CHECK_FALSE(w.control.comment(harmful).value("hidden", true));
  const Health h = health(daemon);
  CHECK(h.status == 200);  // a removed channel is not a stopped one
  CHECK(h.channel("jh-facebook-2").empty());
  CHECK(h.body.value("failed_actions", -1) == 0);
  const auto metrics = metrics_of(daemon);
  CHECK(metrics.find("hallmonitor_actions{state=\"approved\"} 1") != std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(seconds(10)) == 0);
}

TEST_CASE("a credential file written or renewed after start brings its channel in on SIGHUP") {
  World w;
  fs::remove(w.dir.path() / "credentials" / "jh-facebook-2");  // not there yet at start
  w.write_config(true);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  CHECK(daemon.log_text().find("channel jh-facebook-2 is not polled") != std::string::npos);
  const auto harmful = w.control.add_comment("facebook", w.post2, "you lot are w@nkers");

  SUBCASE("the file was missing") {
    w.dir.write("credentials/jh-facebook-2", R"({"access_token":"EAAB-second"})");
  }
  SUBCASE("the token was refused, and the file is renewed") {
    // A token the platform does not accept: the channel starts, and stops at its first poll.
    w.dir.write("credentials/jh-facebook-2", R"({"access_token":"EAAB-expired"})");
    daemon.signal(SIGHUP);
    REQUIRE(daemon.wait_for_log("channel jh-facebook-2: stopped", seconds(10)));
    CHECK(health(daemon).channel("jh-facebook-2").value("state", "") == "stopped");
    w.dir.write("credentials/jh-facebook-2", R"({"access_token":"EAAB-second"})");
  }
  daemon.signal(SIGHUP);
  CHECK(w.hidden_within(harmful, seconds(10)));
  CHECK(health(daemon).channel("jh-facebook-2").value("state", "") == "polling");
  CHECK_FALSE(log_says(daemon, "jh-facebook", "restarted"));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(seconds(10)) == 0);
}

TEST_CASE(
    "a changed setting restarts its channel only after the hide in flight is recorded, "
    "and nothing is sent twice") {
  World w;
  w.write_config(true);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  // The platform hides at once but answers 6 s later: the reload comes while the call is out.
  const auto harmful = w.control.add_comment("facebook", w.post2, "f*ck the head, tw@t");
  w.control.fault("facebook", "slow", 1, harmful, 6000);
  REQUIRE(w.hidden_within(harmful, seconds(10)));
  REQUIRE(w.hide_calls(harmful) == 1);

  w.write_config(true, {}, "poll_interval = \"2s\"\n");
  daemon.signal(SIGHUP);
  REQUIRE(
      daemon.wait_for_log("channel jh-facebook-2 restarted with its new settings", seconds(15)));
  // The reload began while the hide was out; the hide was recorded done by the old connector,
  // and only then was the channel restarted.
  const std::string log = daemon.log_text();
  const auto done = log.find("jh-facebook-2: hide comment " + harmful + ": done");
  REQUIRE(done != std::string::npos);
  CHECK(log.find("reload: reading") < done);
  CHECK(done < log.find("channel jh-facebook-2 restarted"));
  CHECK(w.still_polled(kPage2, w.post2));
  CHECK(w.hide_calls(harmful) == 1);
  CHECK_FALSE(log_says(daemon, "jh-facebook", "restarted"));
  CHECK(daemon.log_text().find("0 channel(s) added, 0 removed, 1 restarted, 1 unchanged") !=
        std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(seconds(10)) == 0);
}

TEST_CASE(
    "a broken config on SIGHUP keeps everything running and says why, in the log and the "
    "systemd status") {
  World w;
  // systemd's notification socket, as the daemon's unit gives it.
  const fs::path sock_path = w.dir.path() / "notify.sock";
  const int sock = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  REQUIRE(sock >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(sock_path.string().size() < sizeof addr.sun_path);
  std::strncpy(addr.sun_path, sock_path.c_str(), sizeof addr.sun_path - 1);
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::setenv("NOTIFY_SOCKET", sock_path.c_str(), 1);
  std::optional<DaemonProcess> daemon;
  daemon.emplace(w.config, w.dir.path() / "daemon.log");
  ::unsetenv("NOTIFY_SOCKET");

  w.dir.write("hallmonitor.toml", "[daemon\nlisten = ");  // half-saved by an editor
  daemon->signal(SIGHUP);
  REQUIRE(daemon->wait_for_log("reload failed", seconds(10)));
  const std::string log = daemon->log_text();
  CHECK(log.find("<3>reload: " + (w.dir.path() / "hallmonitor.toml").string() + ":") !=
        std::string::npos);
  std::string status;
  for (int i = 0; i < 50 && status.find("reload failed") == std::string::npos; ++i) {
    char buf[4096];
    const ssize_t n = ::recv(sock, buf, sizeof buf, 0);
    if (n > 0)
      status += std::string(buf, std::size_t(n)) + "\n";
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::close(sock);
  CHECK(status.find("STATUS=reload failed, the previous configuration keeps running: " +
                    (w.dir.path() / "hallmonitor.toml").string() + ":") != std::string::npos);
  CHECK(daemon->running());
  CHECK(w.still_polled(FacebookPageWorld::kPage, w.post));
  const auto harmful = w.control.add_comment("facebook", w.post, "go back to africa n1gg3rs");
  CHECK(w.hidden_within(harmful, seconds(5)));
  CHECK_FALSE(log_says(*daemon, "jh-facebook", "removed"));
  daemon->signal(SIGTERM);
  CHECK(daemon->wait_exit(seconds(10)) == 0);
}
