// daemon/retrain_schedule.hpp: the daemon learns its model again only once enough decisions
// exist, and only when one is newer than the model in use.
#include <doctest/doctest.h>

#include "daemon/retrain_schedule.hpp"

using hm::daemon::check_retrain;
using hm::store::LearningTally;

TEST_CASE("retraining waits for enough decisions, then for a decision newer than the model") {
  // Too few: no model at all, whatever else holds.
  auto few = check_retrain(LearningTally{12, 1000}, std::nullopt, 50);
  CHECK_FALSE(few.train);
  CHECK(few.why == "learning: 12 of 50 moderator decisions so far; no model is learned until then");
  CHECK_FALSE(check_retrain(LearningTally{49, 1000}, 10, 50).train);

  // Enough, and no model in use yet: learn.
  auto first = check_retrain(LearningTally{50, 1000}, std::nullopt, 50);
  CHECK(first.train);
  CHECK(first.why.find("no model in use yet") != std::string::npos);

  // A model learned after the latest decision: nothing new to learn.
  auto same = check_retrain(LearningTally{80, 1000}, 1000, 50);
  CHECK_FALSE(same.train);
  CHECK(same.why == "learning: no decision since the model in use was learned");
  CHECK_FALSE(check_retrain(LearningTally{80, 1000}, 2000, 50).train);

  // A decision after it: learn again.
  CHECK(check_retrain(LearningTally{81, 1001}, 1000, 50).train);
}
