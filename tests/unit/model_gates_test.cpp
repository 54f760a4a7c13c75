// The learned models' gates in one pass (filters/learned/model_gates.hpp): on every text, each
// model's gate opens exactly where its own regexes open it, with the shipped models and lists and
// with a model written for the test; and where no set can be built, the models' own answers are
// given.
#include <doctest/doctest.h>

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "filters/learned/model_gates.hpp"

namespace fs = std::filesystem;
using namespace hm::filters;
using learned::ConcernModel;
using learned::ModelGates;

namespace {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

// Every text of the project's labelled sets that speak to the models' gates.
std::vector<std::string> labelled_texts() {
  std::vector<std::string> texts;
  for (const char* set : {"fresh-signs", "fresh-adverts", "fresh-pass13", "fresh-held"}) {
    std::ifstream in(fs::path(HM_SOURCE_DIR) / "tests" / "data" / (std::string(set) + ".jsonl"));
    for (std::string line; std::getline(in, line);)
      texts.push_back(lower(nlohmann::json::parse(line)["text"].get<std::string>()));
  }
  return texts;
}

}  // namespace

TEST_CASE("with the shipped models, every gate opens where the model's own regexes open it") {
  const fs::path filters = fs::path(HM_SOURCE_DIR) / "config" / "filters";
  std::vector<ConcernModel> models;
  std::vector<Problem> problems;
  for (const char* file :
       {"concern-model.txt", "grooming-model.txt", "advert-model.txt", "complaint-model.txt"}) {
    auto model = ConcernModel::load(filters / "learned" / file, filters, problems);
    REQUIRE_MESSAGE(model, file);
    models.push_back(std::move(*model));
  }
  REQUIRE(problems.empty());
  std::vector<const ConcernModel*> pointers;
  for (const ConcernModel& m : models) pointers.push_back(&m);
  const ModelGates gates(pointers);
  REQUIRE(gates.built());

  const auto texts = labelled_texts();
  REQUIRE(texts.size() > 500);
  std::vector<int> opened(models.size()), closed(models.size());
  for (const std::string& text : texts) {
    ModelGates::Pass pass(gates, text);
    for (std::size_t i = models.size(); i-- > 0;) {  // any order: the set runs once
      const bool own = models[i].gate_open(text);
      CHECK_MESSAGE(pass.gate_open(i) == own, "model " << i << ": " << text);
      ++(own ? opened : closed)[i];
    }
  }
  // Each gate both opened and stayed closed on these sets, so the comparison said something.
  for (std::size_t i = 0; i < models.size(); ++i) {
    CHECK_MESSAGE(opened[i] > 0, "model " << i);
    if (models[i].has_gate() || models[i].quiet_pattern())
      CHECK_MESSAGE(closed[i] > 0, "model " << i);
  }
}

TEST_CASE("a gate and its quiet lists in one pass; no set without regexes") {
  const fs::path dir = fs::temp_directory_path() / ("hm-gates-" + std::to_string(::getpid()));
  fs::create_directories(dir / "lists");
  std::ofstream(dir / "lists" / "harm.txt") << "gone missing\nre:\\bran\\s+away\\b\n";
  std::ofstream(dir / "lists" / "fine.txt") << "found safe\n";
  std::ofstream(dir / "gated.txt") << "# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n"
                                      "gate lists/harm.txt\nquiet lists/fine.txt\n";
  std::ofstream(dir / "quiet-only.txt") << "# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n"
                                           "quiet lists/fine.txt\n";
  std::vector<Problem> problems;
  auto gated = ConcernModel::load(dir / "gated.txt", dir, problems);
  auto quiet_only = ConcernModel::load(dir / "quiet-only.txt", dir, problems);
  REQUIRE(problems.empty());
  REQUIRE(gated);
  REQUIRE(quiet_only);
  const ModelGates gates({&*gated, &*quiet_only});
  REQUIRE(gates.built());
  struct Case {
    const char* text;
    bool gated_open, quiet_only_open;
  };
  const Case cases[] = {{"he has gone missing again", true, true},
                        {"he ran away but was found safe", false, false},
                        {"lovely sports day", false, true}};
  // Answered by the set, the models never compile their own regexes (they wait for a fallback).
  for (const Case& c : cases) {
    ModelGates::Pass pass(gates, c.text);
    CHECK_MESSAGE(pass.gate_open(0) == c.gated_open, c.text);
    CHECK_MESSAGE(pass.gate_open(1) == c.quiet_only_open, c.text);
  }
  CHECK_FALSE(gated->own_gate_compiled());
  CHECK_FALSE(quiet_only->own_gate_compiled());
  for (const Case& c : cases) {
    CHECK(gated->gate_open(c.text) == c.gated_open);
    CHECK(quiet_only->gate_open(c.text) == c.quiet_only_open);
  }
  CHECK(gated->own_gate_compiled());  // asked directly, each compiled its own once

  // Models parsed without their lists have no regexes: no set, and the models answer themselves.
  auto bare = ConcernModel::parse("# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n",
                                  "bare.txt", problems);
  REQUIRE(bare);
  const ModelGates none({&*bare});
  CHECK_FALSE(none.built());
  ModelGates::Pass pass(none, "anything at all");
  CHECK(pass.gate_open(0) == bare->gate_open("anything at all"));
  CHECK(pass.gate_open(0));  // no gate lists: it reads every comment
  fs::remove_all(dir);
}
