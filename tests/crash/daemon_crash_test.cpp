// hallmonitord killed with SIGKILL during bursts of comments and actions, 50 times (issue 5).
// After every restart and at the end: the database passes quick_check and its audit chain
// verifies; every comment posted is stored once and classified exactly once; every harmful one is
// hidden on the platform; every approved deletion happened on the platform; nothing is left
// `running`. An action whose platform call was cut off by a kill is re-applied at the next start;
// hide and delete are idempotent on the platform, so its effect still happens once.
#include <doctest/doctest.h>

#include <random>

#include "store/store.hpp"
#include "support/daemon_process.hpp"
#include "support/deleting_policy.hpp"
#include "support/emulator_process.hpp"
#include "support/temp_dir.hpp"

using namespace hm::test;
namespace fs = std::filesystem;
using hm::moderation::ActionKind;
using hm::moderation::ActionState;

namespace {
constexpr const char* kPage = "448242228374517";

std::int64_t count(hm::store::Store& s, const std::string& sql) {
  auto st = s.connection().prepare(sql);  // fixed test queries, never outside input
  st.step();
  return st.int64(0);
}
}  // namespace

TEST_CASE("SIGKILL during bursts, 50 times: nothing lost, nothing classified or applied twice") {
  TempDir dir;
  asio::io_context io;
  EmulatorProcess emulator;
  EmulatorControl control(io, emulator);
  control.post("/_emulator/accounts", {{"platform", "facebook"},
                                       {"account_id", kPage},
                                       {"name", "Joseph Hood"},
                                       {"access_token", "EAAB-test"}});
  const std::string post = control.add_post("facebook", kPage, "Sports day!");
  dir.write("credentials/jh-facebook", R"({"access_token":"EAAB-test"})");
  auto config = dir.write(
      "hallmonitor.toml",
      "[daemon]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:0\"\npoll_interval = \"1s\"\n"
      "credentials_dir = \"credentials\"\n[filters]\ndir = \"" +
          std::string(HM_SOURCE_DIR) + "/config/filters\"\n[[school]]\nid = \"jh\"\n" +
          std::string(kProposeDeletionsToml) +
          "[[school.channel]]\nid = \"jh-facebook\"\nplatform = \"facebook\"\n"
          "account_id = \"" +
          kPage + "\"\ncredential = \"jh-facebook\"\napi_base = \"" + emulator.graph_base() +
          "\"\nca_file = \"" + emulator.ca_file().string() + "\"\n");
  const fs::path db = dir.path() / "state" / "hallmonitor.db";

  std::mt19937 rng(20261121);
  std::vector<std::string> harmful, clean;
  int kills = 0;
  for (int round = 0; round < 50; ++round) {
    // One log per run: waiting for "ready" must not see an earlier run's line.
    DaemonProcess daemon(config, dir.path() / ("daemon-" + std::to_string(round) + ".log"));
    for (int i = 0; i < 3; ++i) {
      bool bad = rng() % 2;
      auto id = control.add_comment("facebook", post,
                                    bad ? "f*ck this school " + std::to_string(round * 10 + i)
                                        : "lovely assembly " + std::to_string(round * 10 + i),
                                    std::to_string(7000 + rng() % 50));
      (bad ? harmful : clean).push_back(id);
    }
    // A moderator approves some proposed deletions while the daemon runs.
    {
      hm::store::StoreOptions o;
      o.run_checkpoints = false;
      hm::store::Store moderator(db, o);
      auto now =
          std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
      for (const auto& a : moderator.actions_in_state(ActionState::proposed, 10))
        if (a.kind == ActionKind::delete_comment && rng() % 3 == 0)
          REQUIRE(moderator.transition(a.id, hm::moderation::event::Approve{}, "user:test",
                                       "approved", now));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 1500));
    daemon.signal(SIGKILL);
    CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 128 + SIGKILL);
    ++kills;
    hm::store::Store check(db);  // opening runs quick_check; a damaged file throws
    CHECK(check.verify_audit().ok);
  }
  REQUIRE(kills == 50);

  // A last, calm run finishes everything that was cut off.
  {
    DaemonProcess daemon(config, dir.path() / "daemon-final.log");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto settled = [&] {
      hm::store::StoreOptions o;
      o.run_checkpoints = false;
      hm::store::Store s(db, o);
      return count(s, "SELECT COUNT(*) FROM comments") ==
                 std::int64_t(harmful.size() + clean.size()) &&
             count(s, "SELECT COUNT(*) FROM actions WHERE state IN ('approved','running')") == 0;
    };
    while (!settled() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    daemon.signal(SIGTERM);
    CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
  }

  hm::store::Store s(db);
  CHECK(s.verify_audit().ok);
  CHECK(count(s, "SELECT COUNT(*) FROM comments") == std::int64_t(harmful.size() + clean.size()));
  CHECK(count(s, "SELECT COUNT(*) FROM comment_versions") ==
        std::int64_t(harmful.size() + clean.size()));
  // Classified exactly once: one verdict row or clean mark per version, never two, never both.
  CHECK(count(s, "SELECT COUNT(*) FROM verdicts") +
            count(s, "SELECT COUNT(*) FROM comment_versions WHERE clean = 1") ==
        std::int64_t(harmful.size() + clean.size()));
  CHECK(count(s,
              "SELECT COUNT(*) FROM comment_versions v WHERE v.clean = 1 AND EXISTS "
              "(SELECT 1 FROM verdicts d WHERE d.version_id = v.id)") == 0);
  CHECK(count(s,
              "SELECT COUNT(*) FROM (SELECT version_id FROM verdicts GROUP BY version_id HAVING "
              "COUNT(*) > 1)") == 0);
  // One hide per harmful comment, done; never a second hide action for the same comment.
  CHECK(count(s, "SELECT COUNT(*) FROM actions WHERE kind = 'hide' AND state = 'done'") ==
        std::int64_t(harmful.size()));
  CHECK(count(s,
              "SELECT COUNT(*) FROM (SELECT comment_id FROM actions WHERE kind = 'hide' GROUP BY "
              "comment_id HAVING COUNT(*) > 1)") == 0);
  CHECK(count(s, "SELECT COUNT(*) FROM actions WHERE state IN ('approved', 'running')") == 0);

  // On the platform: every harmful comment hidden, no clean one touched, every deletion that a
  // moderator approved done, nothing deleted that was not approved.
  const json state = control.state();
  std::map<std::string, json> on_platform;
  for (const auto& c : state.at("comments")) on_platform[c.at("id").get<std::string>()] = c;
  for (const auto& id : harmful) CHECK_MESSAGE(on_platform.at(id).value("hidden", false), id);
  for (const auto& id : clean) {
    CHECK_FALSE(on_platform.at(id).value("hidden", true));
    CHECK_FALSE(on_platform.at(id).value("deleted", true));
  }
  auto approved_deletes =
      count(s, "SELECT COUNT(*) FROM actions WHERE kind = 'delete' AND state = 'done'");
  std::int64_t deleted = 0;
  for (const auto& [id, c] : on_platform) deleted += c.value("deleted", false);
  CHECK(deleted == approved_deletes);
  MESSAGE("harmful " << harmful.size() << ", clean " << clean.size()
                     << ", deletions approved and done " << approved_deletes << ", kills "
                     << kills);
}
