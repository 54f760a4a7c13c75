// The config's [learning] table (daemon/config_learning.hpp): the model and its mode, and the
// daemon's own retraining (retrain, min_decisions, examples), with a clear error per bad key.
#include <doctest/doctest.h>

#include <fstream>

#include "daemon/config.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using hm::config::load;
using hm::config::ModelMode;

namespace {

hm::config::LoadResult load_learning(hm::test::TempDir& tmp, const std::string& learning) {
  const fs::path file = tmp.path() / "hallmonitor.toml";
  std::ofstream(file) << "[filters]\ndir = \"filters\"\n[learning]\n"
                      << learning << "\n[[school]]\nid = \"jh\"\nown_domains = [\"jh.sch.uk\"]\n";
  return load(file);
}

std::string first_problem(const hm::config::LoadResult& r) {
  return r.problems.empty() ? "" : r.problems.front().message;
}

}  // namespace

TEST_CASE("[learning]: defaults, and retraining with its examples resolved beside the config") {
  hm::test::TempDir tmp("config-learning");
  auto plain = load_learning(tmp, "model = \"spam.model\"");
  REQUIRE(plain.config);
  CHECK(plain.config->learning.mode == ModelMode::shadow);
  CHECK(plain.config->learning.retrain.count() == 0);  // models come from `learn` by default
  CHECK(plain.config->learning.min_decisions == 50);
  CHECK(plain.config->every_own_domain() == std::vector<std::string>{"jh.sch.uk"});

  auto r =
      load_learning(tmp,
                    "model = \"state/spam.model\"\nmode = \"active\"\nretrain = \"24h\"\n"
                    "min_decisions = 20\nexamples = [\"rows/youtube.jsonl\", \"/abs/sms.jsonl\"]");
  REQUIRE_MESSAGE(r.config, first_problem(r));
  const auto& l = r.config->learning;
  CHECK(l.mode == ModelMode::active);
  CHECK(l.retrain == std::chrono::hours(24));
  CHECK(l.min_decisions == 20);
  CHECK(l.model == tmp.path() / "state/spam.model");
  CHECK(l.examples == std::vector<fs::path>{tmp.path() / "rows/youtube.jsonl", "/abs/sms.jsonl"});
}

TEST_CASE("[learning]: each bad key is refused with its reason") {
  hm::test::TempDir tmp("config-learning-bad");
  auto refused = [&](const std::string& learning, const std::string& says) {
    auto r = load_learning(tmp, learning);
    CHECK_FALSE(r.config);
    CHECK_MESSAGE(first_problem(r).find(says) != std::string::npos, first_problem(r));
  };
  refused("model = \"m\"\nmode = \"loud\"", "mode must be \"off\", \"shadow\" or \"active\"");
  refused("model = \"m\"\nretrain = \"daily\"", "must be a duration");
  refused("retrain = \"24h\"", "retrain needs a model file");
  refused("model = \"m\"\nmin_decisions = 0", "whole number from 1");
  refused("model = \"m\"\nexamples = \"rows.jsonl\"", "examples must be a list of file names");
  refused("model = \"m\"\nexamples = [3]", "examples must be a list of file names");
  refused("model = \"m\"\nretrian = \"24h\"", "retrian");
}
