// Whether the daemon learns its spam model again now ([learning] retrain, issue 16), as a pure
// function of what the store and the model file hold. Not before the moderators have made
// `min_decisions` decisions: until then a page's own labels are too few to trust, and the
// daemon learns no model ("it stays off until enough decisions exist"). After that, only when a
// decision was made after the model in use was learned (its trained_at): the same examples
// would learn the same model. Comparing with the model file's own time, not a counter kept in
// memory, means a restart does not learn again for nothing.
//
// Error policy: pure; nothing fails.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/learning_examples.hpp"

namespace hm::daemon {

struct RetrainCheck {
  bool train = false;
  std::string why;  // for the journal
};

// `model_trained_at`: Unix seconds the model in use was learned; nullopt when none is loaded.
RetrainCheck check_retrain(const store::LearningTally& now,
                           std::optional<std::int64_t> model_trained_at, int min_decisions);

}  // namespace hm::daemon
