// /healthz from a running hallmonitord (daemon/health.hpp): `ok` while all is well, 503
// `degraded` with a reason when a channel is stopped by a refused token, and when the disk is
// full; a file-size limit (RLIMIT_FSIZE) makes writes fail instead of killing the daemon with
// SIGXFSZ. The emulator and the daemon run as separate processes on 127.0.0.1; waits are bounded.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

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
};

// Polls /healthz (bounded) until `ok` says so; the last answer either way.
template <class Pred>
Health health_until(DaemonProcess& daemon, std::chrono::seconds limit, Pred ok) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  Health h = health(daemon);
  while (!ok(h) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    h = health(daemon);
  }
  return h;
}

bool any_reason(const Health& h, const std::string& start) {
  if (!h.body.contains("reasons")) return false;
  for (const auto& r : h.body["reasons"])
    if (r.get<std::string>().starts_with(start)) return true;
  return false;
}

}  // namespace

TEST_CASE("/healthz: ok, then 503 degraded naming the channel its refused token stopped") {
  World w;
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  auto ok = health_until(daemon, std::chrono::seconds(10), [](const Health& h) {
    return h.status == 200 && h.body["channels"][0]["state"] == "polling";
  });
  CHECK(ok.status == 200);
  CHECK(ok.body["state"] == "ok");
  CHECK(ok.body["reasons"].empty());
  // The next poll's token is refused: the channel stops until it is renewed and reloaded.
  w.control.fault("facebook", "expired_token", 1);
  auto stopped = health_until(daemon, std::chrono::seconds(15),
                              [](const Health& h) { return h.status != 200; });
  CHECK(stopped.status == 503);
  CHECK(stopped.body["state"] == "degraded");
  CHECK(any_reason(stopped, "channel jh-facebook is stopped"));
  CHECK(stopped.body["channels"][0]["state"] == "stopped");
  CHECK(daemon.log_text().find("<2>channel jh-facebook: stopped") != std::string::npos);
}

TEST_CASE("a file-size limit: writes fail as on a full disk, the daemon lives and says so") {
  World w;
  const fs::path db = w.dir.path() / "state" / "hallmonitor.db";
  {  // A first run makes the database; a clean stop folds the WAL back into it.
    DaemonProcess first(w.config, w.dir.path() / "first.log");
    first.signal(SIGTERM);
    REQUIRE(first.wait_exit(std::chrono::seconds(10)) == 0);
  }
  REQUIRE(fs::exists(db));
  // Room for start-up's few writes, not for an afternoon of comments: each file (the WAL too)
  // may not grow past this.
  const auto limit = fs::file_size(db) + 96 * 1024;
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log",
                       {"prlimit", "--fsize=" + std::to_string(limit), "--"});
  REQUIRE(health(daemon).status == 200);
  const std::string filler(1500, 'x');
  Health full;
  for (int i = 0; i < 200; ++i) {
    w.control.add_comment("facebook", w.post,
                          "you are an idiot number " + std::to_string(i) + " " + filler);
    full = health(daemon);
    if (full.body.value("disk_full", false)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO("daemon log:\n" << daemon.log_text());
  REQUIRE(daemon.running());  // not killed by SIGXFSZ
  CHECK(full.status == 503);
  CHECK(full.body["state"] == "degraded");
  CHECK(full.body["disk_full"] == true);
  CHECK(any_reason(full, "the disk is full"));
  CHECK(daemon.log_text().find("no space left") != std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE(
    "a missing permission stops the channel with its reason on /healthz; SIGHUP after the admin "
    "grants it starts the channel again and the hide is done") {
  World w;
  // The token can read but not moderate: Meta answers the hide with 100/33, as for a deleted
  // comment (issue 13, item 4).
  const nlohmann::json account = {{"platform", "facebook"},
                                  {"account_id", FacebookPageWorld::kPage},
                                  {"name", "Joseph Hood Primary"},
                                  {"access_token", "EAAB-test"}};
  auto limited = account;
  limited["permissions"] = {"pages_read_engagement", "pages_read_user_content", "pages_show_list"};
  w.control.post("/_emulator/accounts", limited);
  const auto harmful =
      w.control.add_comment("facebook", w.post, "f*ck this school, the head is a tw@t");
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  auto stopped = health_until(daemon, std::chrono::seconds(15), [](const Health& h) {
    return h.channel("jh-facebook").value("state", "") == "stopped";
  });
  CHECK(stopped.status == 503);
  CHECK(any_reason(stopped, "channel jh-facebook is stopped"));
  const std::string why = stopped.channel("jh-facebook").value("message", "");
  CHECK(why.find("still there") != std::string::npos);
  CHECK(why.find("pages_manage_engagement") != std::string::npos);
  CHECK(why.find("EAAB-test") == std::string::npos);
  CHECK_FALSE(w.control.comment(harmful).value("hidden", true));  // not "already gone"

  // The admin grants the permission (the same token now carries it) and reloads.
  w.control.post("/_emulator/accounts", account);
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("channel jh-facebook started again", std::chrono::seconds(10)));
  (void)health_until(daemon, std::chrono::seconds(5), [&](const Health&) {  // bounded wait
    return w.control.comment(harmful).value("hidden", false);
  });
  CHECK(w.control.comment(harmful).value("hidden", false));
  auto healed = health_until(daemon, std::chrono::seconds(10), [](const Health& h) {
    return h.status == 200 && h.channel("jh-facebook").value("state", "") == "polling";
  });
  CHECK(healed.status == 200);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a low soft descriptor limit (systemd's 1,024) is raised to the hard one at start") {
  World w;
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log",
                       {"prlimit", "--nofile=64:4096", "--"});
  std::ifstream limits("/proc/" + std::to_string(daemon.pid()) + "/limits");
  std::string line, found;
  while (std::getline(limits, line))
    if (line.starts_with("Max open files")) found = line;
  // "Max open files            4096                 4096                 files"
  std::istringstream fields(found.substr(std::string("Max open files").size()));
  std::string soft, hard;
  fields >> soft >> hard;
  CHECK(soft == "4096");
  CHECK(hard == "4096");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}
