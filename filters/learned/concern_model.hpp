// The learned concern model: a second opinion on safeguarding, in words the rules do not list.
//
// A gate keeps it to comments that already carry a sign of harm: the model speaks only where
// an entry of its gate lists (named in the model file) matches the folded text:
// `lists/concern/harm.txt`, the report rule's harms, where the rule found a harm but not enough
// else to reach its threshold; and `lists/concern/signs.txt`, signs too weak or too often
// innocent for any rule ("a man", "scared", "tablets"). Ungated, it took "Year 9 boys did
// brilliant in the rugby" for a concern; gated on the worry list too ("I think"), "Who's the
// girl with the trophy? I think she's in my daughter's class"; with "on his own" among the
// signs, "my son walks home on his own now he's in year 6" (README, "On real, externally
// labelled data").
//
// Why: each round of hand-written safeguarding forms found about one report in four on its first
// run on the next set of new wording. A logistic regression over a comment's words and
// word pairs, trained on the project's own written reports and everyday counter-examples
// (scripts/train-concern-model), found 60 of 80 on sets written after its training data
// (bench/concern_model_probe.py). The pipeline asks it only when the rules found no
// safeguarding, and its match says which words weighed most, so the DSL and the admin can read
// why.
//
// Features (the trainer computes them the same way, and a test pins the two together): the
// comment's bytes with ASCII letters lower-cased, split into words of [a-z0-9']; each distinct
// word ("w:WORD") and each pair of neighbouring words ("b:W1 W2"), hashed with 32-bit FNV-1a into
// one of 2^20 slots.
//
// Error policy: ConcernModel::load reports a damaged file or gate list as Problems
// ("file:line: message") and gives no model; a missing model file is no model and no problem
// (the admin turned it off). Scoring is pure and never fails.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "filters/learned/spam_model.hpp"
#include "filters/problem.hpp"

namespace hm::filters::learned {

inline constexpr std::string_view kConcernRule = "model.concern";

class ConcernModel {
 public:
  // Reads `file` and its gate lists (paths relative to `filters_dir`); nullopt when it does not
  // exist or (with problems added) cannot be used.
  static std::optional<ConcernModel> load(const std::filesystem::path& file,
                                          const std::filesystem::path& filters_dir,
                                          std::vector<Problem>& problems);
  static std::optional<ConcernModel> parse(std::string_view text, const std::string& file_name,
                                           std::vector<Problem>& problems);

  // The learned models' opinion (spam_model.hpp): the probability, Band::flag from `flag_at`
  // (none below: this model has no review band), and the heaviest words towards a concern.
  Opinion judge(std::string_view text, std::size_t max_reasons = 3) const;
  double flag_at() const noexcept { return flag_at_; }
  // Whether the folded text carries a sign of harm the gate lists know (true without a gate).
  bool gate_open(std::string_view folded_text) const;
  // Whether a concern the model flags in this folded text is a risk to life: an entry of its
  // `risk_to_life` lists (self-harm, suicide) occurs. Those lists open the gate too.
  bool risk_to_life(std::string_view folded_text) const;
  std::size_t weight_count() const noexcept { return weights_.size(); }

  // The slot of one named feature ("w:secret", "b:came home"): FNV-1a, 20 bits.
  static std::uint32_t slot(std::string_view feature_name) noexcept;
  // The distinct feature names of `text`, sorted.
  static std::vector<std::string> feature_names(std::string_view text);

 private:
  double weight(std::uint32_t slot) const noexcept;
  std::vector<std::pair<std::uint32_t, float>> weights_;  // sorted by slot
  double bias_ = 0;
  double flag_at_ = 1;
  std::vector<std::string> gate_lists_;  // as named in the file
  std::vector<std::string> risk_lists_;  // as named in the file
  std::shared_ptr<const RE2> gate_;      // shared: the model is copied into the pipeline
  std::shared_ptr<const RE2> risk_;
};

}  // namespace hm::filters::learned
