// hallmonitorctl backtest as an admin runs it (issue 16): the stored comments judged again with a
// candidate word list or model, against a database a "daemon" holds open.
#include <doctest/doctest.h>

#include <fstream>

#include "filters/learned/spam_learner.hpp"
#include "filters/learned/text_features.hpp"
#include "filters/pipeline.hpp"
#include "support/cli_runner.hpp"
#include "unit/store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

struct Stored {
  TempDir dir{"backtest"};
  fs::path config = dir.path() / "hallmonitor.toml";
  std::optional<store::Store> daemon;

  Stored() {
    const fs::path shipped = fs::path(HM_SOURCE_DIR) / "config" / "filters";
    fs::copy(shipped, dir.path() / "filters", fs::copy_options::recursive);
    fs::copy(shipped, dir.path() / "candidate", fs::copy_options::recursive);
    fs::create_directories(dir.path() / "state");
    std::ofstream(config) << "[daemon]\nstate_dir = \"state\"\n[filters]\ndir = \"filters\"\n"
                             "[[school]]\nid = \"jh\"\n[[school.channel]]\nid = \"jh-facebook\"\n"
                             "platform = \"facebook\"\naccount_id = \"448242228374517\"\n"
                             "credential = \"jh-facebook\"\n";
    daemon.emplace(dir.path() / "state" / "hallmonitor.db");
    daemon->upsert_school("jh", "Joseph Hood Primary School");
    daemon->upsert_channel({"jh-facebook", "jh", Platform::facebook, "448242228374517"});
    // Judged by the shipped rules, as the daemon judged them (the default policy hides).
    auto rules = filters::Pipeline::load(dir.path() / "filters");
    REQUIRE(rules.pipeline);
    const auto policy = moderation::default_policy("Please contact the office.");
    int n = 0;
    for (const char* text : {"Well done on sports day!", "zorblax is a rubbish game, join my clan",
                             "f*ck this school"}) {
      ++n;
      auto c = StoreFixture::comment(
          "c" + std::to_string(n), "a" + std::to_string(n), text, Platform::facebook,
          std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
      const auto now = c.created_at;
      auto in = daemon->ingest(std::span<const Comment>(&c, 1), now).at(0);
      hm::daemon::judge_version(*daemon, in.version_id,
                                rules.pipeline->classify(text, *filters::School::none()), policy,
                                now);
    }
  }

  RunResult backtest(const std::string& extra) {
    return run_ctl(dir, "backtest --config " + config.string() + " " + extra);
  }
};

}  // namespace

TEST_CASE("backtest: the current rules change nothing; a candidate list shows what it would hide") {
  Stored s;
  auto same = s.backtest("");
  INFO(same.err);
  REQUIRE(same.exit_code == 0);
  CHECK(same.out.find("backtest over 3 comment(s)") != std::string::npos);
  CHECK(same.out.find("newly hidden: 0") != std::string::npos);
  CHECK(same.out.find("newly shown:  0") != std::string::npos);

  std::ofstream(s.dir.path() / "candidate" / "lists" / "profanity.txt", std::ios::app)
      << "\nzorblax\n";
  auto candidate = s.backtest("--filters " + (s.dir.path() / "candidate").string() + " --show");
  INFO(candidate.err);
  REQUIRE(candidate.exit_code == 0);
  CHECK(candidate.out.find("newly hidden: 1") != std::string::npos);
  CHECK(candidate.out.find("newly hidden: jh: zorblax is a rubbish game") != std::string::npos);
  CHECK(candidate.out.find("abuse.profanity") != std::string::npos);
  CHECK(candidate.out.find("1 -> 2") != std::string::npos);  // its hits before and after
}

TEST_CASE("backtest: a candidate model's flags count as newly hidden, under its own rule") {
  Stored s;
  std::vector<filters::learned::Example> examples;
  for (int i = 0; i < 10; ++i) {
    examples.push_back({filters::learned::feature_slots("join my zorblax clan today"), true});
    examples.push_back({filters::learned::feature_slots("well done on the concert"), false});
  }
  const auto model = s.dir.path() / "spam.model";
  std::ofstream(model, std::ios::binary) << filters::learned::learn(examples, {}).serialize();
  auto r = s.backtest("--model " + model.string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("newly hidden: 1") != std::string::npos);
  CHECK(r.out.find("model.spam") != std::string::npos);

  auto bad = s.backtest("--filters " + (s.dir.path() / "nowhere").string());
  CHECK(bad.exit_code != 0);
}
