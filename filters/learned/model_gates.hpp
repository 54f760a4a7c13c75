// The learned models' gates in one pass: each model's gate and `quiet` regexes
// (ConcernModel::gate_open) as the entries of one RE2::Set, run once per comment on the first
// question, instead of one RE2 search per regex per model.
//
// Why: the four models ask up to five regexes of every comment, each an unanchored search with
// its own DFA cache; one set pass reads the comment once and keeps one cache warm. A set reports
// every entry that matches anywhere in the text, which is what RE2::PartialMatch answers for
// each regex alone, so every gate opens exactly where it did.
//
// Error policy: a set that does not compile (or a pass that fails, such as a DFA out of memory)
// is never an error for the caller: the answers then come from each model's own regexes, as
// before, so a verdict never depends on whether the shortcut worked.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include <re2/set.h>

#include "filters/learned/concern_model.hpp"

namespace hm::filters::learned {

class ModelGates {
 public:
  ModelGates() = default;
  // `models` must outlive this; their order is the index gate_open() takes.
  explicit ModelGates(std::vector<const ConcernModel*> models);

  // One comment's answers: the set runs on the first question about it, at most once.
  class Pass {
   public:
    Pass(const ModelGates& gates, std::string_view folded_text)
        : gates_(gates), text_(folded_text) {}
    // ConcernModel::gate_open(folded_text) of model `index`.
    bool gate_open(std::size_t index);

   private:
    static std::vector<int>& scratch();
    const ModelGates& gates_;
    std::string_view text_;
    bool ran_ = false;
    bool failed_ = false;
    std::vector<int>& hits_ = scratch();  // the set's entries that matched, once it ran
  };

  // Whether the one-pass set was built (false: every answer comes from the models' own regexes).
  bool built() const noexcept { return set_ != nullptr; }

 private:
  std::vector<const ConcernModel*> models_;
  std::vector<int> gate_entry_;   // by model: its gate's entry in the set, or -1
  std::vector<int> quiet_entry_;  // by model: its quiet lists' entry, or -1
  std::unique_ptr<RE2::Set> set_;
};

}  // namespace hm::filters::learned
