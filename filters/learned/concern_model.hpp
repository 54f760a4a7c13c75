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
// one of 2^20 slots. The words the file names `neutral` ("year", "girl", "mum", "she": the people
// and places every school page talks about) give no feature, alone or in a pair: trained against
// tweets and texts, the model had learnt them as signs of harm ("Which year are you in?", to
// another mum, 0.99).
//
// The grooming, advert and complaint models (kGroomingRule, kAdvertRule, kComplaintRule) are more
// of these, with their own neutral words, gate and `quiet` lists; which the pipeline asks, and
// when, is its table of second opinions (filters/pipeline.cpp, kSecondOpinions).
//
// Error policy: ConcernModel::load reports a damaged file or gate list as Problems
// ("file:line: message") and gives no model; a missing model file is no model and no problem
// (the admin turned it off). Scoring is pure and never fails.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "filters/learned/lazy_regex.hpp"
#include "filters/learned/spam_model.hpp"
#include "filters/problem.hpp"

namespace hm::filters::learned {

inline constexpr std::string_view kConcernRule = "model.concern";
// The grooming model (learned/grooming-model.txt): the same kind of model, asked where the
// grooming families found too little (Trigger::grooming_model) or its gate list matches.
inline constexpr std::string_view kGroomingRule = "model.grooming";
// The advert model (learned/advert-model.txt): the same kind of model, trained on adverts, gated
// on the lists of commercial.offer that say someone sells or how to buy; its flag is commercial.
inline constexpr std::string_view kAdvertRule = "model.advert";
// The complaint model (learned/complaint-model.txt): trained on complaints, with no gate, kept
// quiet by thanks and praise; its flag is complaint.
inline constexpr std::string_view kComplaintRule = "model.complaint";

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
  // (none below: this model has no review band), and, for a flag, the heaviest words towards a
  // concern. A feature counts once however often it occurs, as the trainer counts it: features
  // are told apart by their 32-bit FNV-1a hash.
  Opinion judge(std::string_view text, std::size_t max_reasons = 3) const;
  double flag_at() const noexcept { return flag_at_; }
  // Whether the folded text carries a sign of harm the gate lists know (true without a gate),
  // and none of the `quiet` lists' entries: words that say the comment is not what the model
  // looks for, whatever its other words ("raffle", "walking bus" for the advert model).
  bool gate_open(std::string_view folded_text) const;
  // gate_open() from a caller's own search (learned/model_gates.hpp): whether gate_pattern() and
  // quiet_pattern() match the folded text.
  bool gate_open_given(bool gate_matches, bool quiet_matches) const noexcept;
  // The gate and quiet lists as one regex each (RE2 syntax), null where the file names none.
  // The model compiles its own copy only when gate_open() is asked (learned/lazy_regex.hpp).
  const std::string* gate_pattern() const noexcept { return gate_ ? &gate_->pattern() : nullptr; }
  const std::string* quiet_pattern() const noexcept {
    return quiet_ ? &quiet_->pattern() : nullptr;
  }
  // Whether the model has compiled its own gate or quiet regex yet (tests, memory figures).
  bool own_gate_compiled() const noexcept {
    return (gate_ && gate_->compiled()) || (quiet_ && quiet_->compiled());
  }
  // Whether the file names gate (or risk-to-life) lists at all.
  bool has_gate() const noexcept { return !gate_lists_.empty() || !risk_lists_.empty(); }
  // Whether a concern the model flags in this folded text is a risk to life: an entry of its
  // `risk_to_life` lists (self-harm, suicide) occurs. Those lists open the gate too.
  bool risk_to_life(std::string_view folded_text) const;
  std::size_t weight_count() const noexcept { return weights_.size(); }

  // The slot of one named feature ("w:secret", "b:came home"; names are lower-case): FNV-1a,
  // 20 bits.
  static std::uint32_t slot(std::string_view feature_name) noexcept;
  // The distinct feature names of `text`, sorted; a `neutral` word gives no feature, nor does
  // any pair it is in.
  static std::vector<std::string> feature_names(
      std::string_view text, const std::set<std::string, std::less<>>& neutral = {});

 private:
  double weight(std::uint32_t slot) const noexcept;
  // The distinct 32-bit FNV-1a hashes of `text`'s feature names (neutral words left out), sorted.
  void feature_hashes(std::string_view text, std::vector<std::uint32_t>& out) const;
  // Whether `word` (as written; its "w:" feature hashes to `word_hash`) is a neutral word.
  bool is_neutral(std::uint32_t word_hash, std::string_view word) const;
  std::vector<std::pair<std::uint32_t, float>> weights_;  // sorted by slot
  static constexpr unsigned kBucketBits = 8;              // 2^20 slots in 4,096 runs of 256
  std::vector<std::uint32_t> bucket_start_;  // by run of slots: its first weight's index
  double bias_ = 0;
  double flag_at_ = 1;
  // Words every school page uses for its people and places ("year", "girl", "mum", "she"):
  // the trainer gives them no weight, so they say nothing either way (`neutral` lines).
  std::set<std::string, std::less<>> neutral_;
  std::vector<std::uint32_t> neutral_hashes_;  // their "w:" features' 32-bit hashes, sorted
  std::vector<std::string> gate_lists_;        // as named in the file
  std::vector<std::string> risk_lists_;        // as named in the file
  std::vector<std::string> quiet_lists_;       // as named in the file
  std::shared_ptr<const LazyRegex> gate_;      // shared: the model is copied into the pipeline
  std::shared_ptr<const LazyRegex> risk_;
  std::shared_ptr<const LazyRegex> quiet_;
};

}  // namespace hm::filters::learned
