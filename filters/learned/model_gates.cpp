#include "filters/learned/model_gates.hpp"

#include <algorithm>
#include <utility>

#include <re2/re2.h>

namespace hm::filters::learned {

ModelGates::ModelGates(std::vector<const ConcernModel*> models) : models_(std::move(models)) {
  RE2::Options options;  // as ConcernModel compiles each regex; only the memory budget differs
  // The gates' DFA states are cached lazily; the budget is a ceiling, and a pass that runs out
  // falls back to the models' own regexes.
  options.set_max_mem(64 << 20);
  options.set_log_errors(false);
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  bool any = false;
  for (const ConcernModel* m : models_)
    for (auto [pattern, entries] : {std::pair{m->gate_pattern(), &gate_entry_},
                                    std::pair{m->quiet_pattern(), &quiet_entry_}}) {
      const int entry = pattern ? set->Add(*pattern, nullptr) : -1;
      if (pattern && entry < 0) return;  // a pattern the set refuses: the models answer themselves
      entries->push_back(entry);
      any = any || entry >= 0;
    }
  if (any && set->Compile()) set_ = std::move(set);
}

std::vector<int>& ModelGates::Pass::scratch() {
  thread_local std::vector<int> hits;  // one comment at a time per thread; no allocation a pass
  return hits;
}

bool ModelGates::Pass::gate_open(std::size_t index) {
  const ConcernModel& model = *gates_.models_[index];
  if (!gates_.set_) return model.gate_open(text_);
  if (!ran_) {
    ran_ = true;
    hits_.clear();  // the scratch holds the last comment's hits until Match replaces them
    RE2::Set::ErrorInfo info{};
    failed_ = !gates_.set_->Match(re2::StringPiece(text_.data(), text_.size()), &hits_, &info) &&
              info.kind != RE2::Set::kNoError;
  }
  if (failed_) return model.gate_open(text_);
  auto hit = [&](int entry) {
    return entry >= 0 && std::ranges::find(hits_, entry) != hits_.end();
  };
  return model.gate_open_given(hit(gates_.gate_entry_[index]), hit(gates_.quiet_entry_[index]));
}

}  // namespace hm::filters::learned
