// Issue 13 item 1, end to end: an X channel stopped by a dead refresh token comes back when the
// admin re-authorises (writes a new credentials file) and reloads, although the rotated tokens
// in state_dir/tokens/<channel>.tokens still decrypt with the same client secret: the new
// credentials file wins (the seed rule, connectors/token_store.hpp).
#include <doctest/doctest.h>

#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"
#include "support/healthz.hpp"

using namespace hm::test;

namespace {

constexpr const char* kUser = "2244994945";

struct XWorld : FacebookPageWorld {
  std::string x_post;

  XWorld() {
    register_x("refresh-1");
    x_post = control.add_post("x", kUser, "Sports day is on Friday");
    write_credentials("refresh-1");
  }
  // Re-authorising: X issues a new refresh token; every earlier one is dead.
  void register_x(const std::string& refresh) {
    control.post("/_emulator/accounts", {{"platform", "x"},
                                         {"account_id", kUser},
                                         {"name", "Joseph Hood"},
                                         {"username", "josephhood"},
                                         {"access_token", "unused-" + refresh},
                                         {"refresh_token", refresh},
                                         {"client_id", "client-id"},
                                         {"client_secret", "client-secret"}});
  }
  void write_credentials(const std::string& refresh) {
    dir.write("credentials/jh-x", R"({"client_id":"client-id","client_secret":"client-secret",)"
                                  R"("refresh_token":")" +
                                      refresh + R"("})");
  }
  std::filesystem::path config() {
    std::filesystem::copy(std::filesystem::path(HM_SOURCE_DIR) / "config" / "filters",
                          dir.path() / "filters", std::filesystem::copy_options::recursive);
    return dir.write("hallmonitor.toml",
                     daemon_toml() + "[filters]\ndir = \"filters\"\n" +
                         "[[school]]\nid = \"joseph-hood\"\n"
                         "[[school.channel]]\nid = \"jh-x\"\nplatform = \"x\"\naccount_id = \"" +
                         kUser + "\"\ncredential = \"jh-x\"\napi_base = \"" + emulator.x_base() +
                         "\"\nca_file = \"" + emulator.ca_file().string() + "\"\n" +
                         kMetricsCredentialToml);
  }
  int mentions_calls() { return control.calls("/mentions"); }
  bool polls_within(std::chrono::seconds limit) {
    const int before = mentions_calls();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (mentions_calls() > before) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

}  // namespace

TEST_CASE("a new credentials file revives an X channel stopped by a dead refresh token") {
  XWorld w;
  DaemonProcess daemon(w.config(), w.dir.path() / "daemon.log");
  REQUIRE(w.polls_within(std::chrono::seconds(10)));  // refreshed once, rotated tokens stored
  REQUIRE(std::filesystem::exists(w.dir.path() / "state" / "tokens" / "jh-x.tokens"));

  // The authorisation is redone elsewhere: the stored refresh token is dead. Two hours on, the
  // stored access token has expired too: the next call is refused (401), the refresh fails,
  // the channel stops.
  w.register_x("refresh-2");
  w.control.post("/_emulator/clock", {{"advance_seconds", 7300}});
  REQUIRE(daemon.wait_for_log("jh-x: stopped", std::chrono::seconds(10)));
  CHECK(health(daemon).channel("jh-x").value("state", "") == "stopped");

  // The admin writes the new credentials file (same app, same client secret) and reloads.
  w.write_credentials("refresh-2");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("channel jh-x started again", std::chrono::seconds(10)));
  CHECK(w.polls_within(std::chrono::seconds(10)));
  const auto harmful = w.control.add_comment("x", w.x_post, "f*ck this school, the head is a tw@t");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline &&
         !w.control.comment(harmful).value("hidden", false))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(w.control.comment(harmful).value("hidden", false));
  CHECK(health(daemon).channel("jh-x").value("state", "") == "polling");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}
