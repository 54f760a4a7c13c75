#include "daemon/retrain_schedule.hpp"

namespace hm::daemon {

RetrainCheck check_retrain(const store::LearningTally& now,
                           std::optional<std::int64_t> model_trained_at, int min_decisions) {
  if (now.examples < min_decisions)
    return {false, "learning: " + std::to_string(now.examples) + " of " +
                       std::to_string(min_decisions) +
                       " moderator decisions so far; no model is learned until then"};
  if (model_trained_at && now.latest_decided_at <= *model_trained_at)
    return {false, "learning: no decision since the model in use was learned"};
  return {true,
          "learning: " + std::to_string(now.examples) + " moderator decision" +
              (now.examples == 1 ? ", " : "s, ") +
              (model_trained_at ? "some newer than the model in use" : "and no model in use yet") +
              "; learning the model again"};
}

}  // namespace hm::daemon
