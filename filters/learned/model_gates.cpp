#include "filters/learned/model_gates.hpp"

#include <re2/re2.h>

namespace hm::filters::learned {

ModelGates::ModelGates(std::vector<const ConcernModel*> models) : models_(std::move(models)) {
  RE2::Options options;  // as ConcernModel compiles each regex; only the memory budget differs
  // The gates' DFA states are cached lazily; the budget is a ceiling, and a pass that runs out
  // falls back to the models' own regexes.
  options.set_max_mem(64 << 20);
  options.set_log_errors(false);
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  auto add = [&](const RE2* re) {
    if (re == nullptr) return -1;
    const int entry = set->Add(re->pattern(), nullptr);
    if (entry >= 0) ++entries_;
    return entry < 0 ? -2 : entry;  // -2: could not be added, the set is not used
  };
  bool usable = true;
  for (const ConcernModel* m : models_) {
    gate_entry_.push_back(add(m->gate_regex()));
    quiet_entry_.push_back(add(m->quiet_regex()));
    usable = usable && gate_entry_.back() != -2 && quiet_entry_.back() != -2;
  }
  if (usable && entries_ > 0 && set->Compile()) set_ = std::move(set);
}

bool ModelGates::Pass::gate_open(std::size_t index) {
  const ConcernModel& model = *gates_.models_[index];
  if (!gates_.set_) return model.gate_open(text_);
  if (!ran_) {
    ran_ = true;
    std::vector<int> hits;
    RE2::Set::ErrorInfo info{};
    failed_ = !gates_.set_->Match(re2::StringPiece(text_.data(), text_.size()), &hits, &info) &&
              info.kind != RE2::Set::kNoError;
    hit_.assign(std::size_t(gates_.entries_), 0);
    for (int h : hits) hit_[std::size_t(h)] = 1;
  }
  if (failed_) return model.gate_open(text_);
  const int gate = gates_.gate_entry_[index];
  const int quiet = gates_.quiet_entry_[index];
  return model.gate_open_given(gate >= 0 && hit_[std::size_t(gate)],
                               quiet >= 0 && hit_[std::size_t(quiet)]);
}

}  // namespace hm::filters::learned
