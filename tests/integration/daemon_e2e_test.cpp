// hallmonitord end to end (issue 5): the emulator and the daemon as separate processes on
// 127.0.0.1. Bounded waits everywhere; temp folders and child processes are cleaned up.
#include <doctest/doctest.h>

#include <fstream>

#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"
#include "support/healthz.hpp"
#include "support/http_client.hpp"

using namespace hm::test;
namespace fs = std::filesystem;

namespace {

struct World : FacebookPageWorld {
  fs::path config;

  World() { config = config_with_shipped_filters(); }

  json comment(const std::string& id) { return control.comment(id); }

  // Waits (bounded) until the emulator shows the comment hidden.
  bool hidden_within(const std::string& id, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (comment(id).value("hidden", false)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int hide_calls(const std::string& id) {
    int n = 0;
    const json s = control.state();
    for (const auto& c : s.at("calls"))
      if (c.at("method") == "POST" && c.at("path").get<std::string>().find(id) != std::string::npos)
        ++n;
    return n;
  }
};

}  // namespace

TEST_CASE("harmful comments are hidden, clean ones untouched, nothing deleted without approval") {
  World w;
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  auto clean = w.control.add_comment("facebook", w.post, "Lovely photos, well done everyone!");
  auto harmful = w.control.add_comment("facebook", w.post, "f*ck this school, the head is a tw@t");
  // Poll interval 1 s (+10 % jitter) and 1 s to act; 3 s more for a loaded test machine.
  CHECK(w.hidden_within(harmful, std::chrono::seconds(5)));
  CHECK_FALSE(w.comment(clean).value("hidden", true));
  CHECK_FALSE(w.comment(harmful).value("deleted", true));  // deletion waits for a moderator
  CHECK_FALSE(w.comment(clean).value("deleted", true));
  // Run by hand, the state directory it made and the database are private (0700, 0600).
  namespace fs = std::filesystem;
  const auto others = fs::perms::group_all | fs::perms::others_all;
  CHECK((fs::status(w.dir.path() / "state").permissions() & others) == fs::perms::none);
  CHECK((fs::status(w.dir.path() / "state" / "hallmonitor.db").permissions() & others) ==
        fs::perms::none);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a restart resumes from the stored cursor and acts on nothing twice") {
  World w;
  auto first = w.control.add_comment("facebook", w.post, "you lot are a bunch of w@nkers");
  {
    DaemonProcess daemon(w.config, w.dir.path() / "daemon1.log");
    REQUIRE(w.hidden_within(first, std::chrono::seconds(5)));
    daemon.signal(SIGTERM);
    REQUIRE(daemon.wait_exit(std::chrono::seconds(10)) == 0);
  }
  auto second = w.control.add_comment("facebook", w.post, "sh1t school run by clowns");
  DaemonProcess daemon(w.config, w.dir.path() / "daemon2.log");
  CHECK(w.hidden_within(second, std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a few more polls
  CHECK(w.hide_calls(first) == 1);
  CHECK(w.hide_calls(second) == 1);
}

TEST_CASE("SIGHUP with a broken rule keeps the old rules serving and says why") {
  World w;
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  std::ofstream(w.dir.path() / "filters" / "lists" / "insults.txt", std::ios::app)
      << "re:(unclosed\n";
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("reload failed", std::chrono::seconds(10)));
  CHECK(daemon.log_text().find("insults.txt:") != std::string::npos);
  CHECK(daemon.log_text().find("missing )") != std::string::npos);
  CHECK(daemon.running());
  auto harmful = w.control.add_comment("facebook", w.post, "go back to africa n1gg3rs");
  CHECK(w.hidden_within(harmful, std::chrono::seconds(5)));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE(
    "an expired token on a hide stops the channel (/healthz says so); after SIGHUP with the "
    "renewed credential the hide is done, with one successful call") {
  World w;
  const auto harmful =
      w.control.add_comment("facebook", w.post, "f*ck this school, the head is a tw@t");
  // The platform refuses the token on the hide only (the request names the comment); polls pass.
  w.control.fault("facebook", "expired_token", 1, harmful);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  REQUIRE(daemon.wait_for_log("stopped, the access token was refused while hiding comment",
                              std::chrono::seconds(10)));
  CHECK(daemon.log_text().find("hideing") == std::string::npos);
  const Health stopped = health(daemon);
  CHECK(stopped.status == 503);
  CHECK(stopped.channel("jh-facebook").value("state", "") == "stopped");
  CHECK(stopped.channel("jh-facebook").value("message", "").find("190") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // polls and ticks: nothing runs
  CHECK_FALSE(w.comment(harmful).value("hidden", true));
  CHECK(w.hide_calls(harmful) == 1);  // the refused one; the action did not burn its attempts

  // The admin renews the credential (the same token is valid again) and reloads.
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("channel jh-facebook started again", std::chrono::seconds(10)));
  CHECK(w.hidden_within(harmful, std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a few more polls and ticks
  CHECK(w.hide_calls(harmful) == 2);  // the refused call and exactly one that succeeded
  const Health healed = health(daemon);
  CHECK(healed.status == 200);
  CHECK(healed.channel("jh-facebook").value("state", "") == "polling");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}
