// The rule ids the learned spam model's matches carry, so a moderator, the rule statistics and
// the store can tell them from a rule's (filters/learned/second_opinion.hpp adds them).
#pragma once

#include <string_view>

namespace hm::filters::learned {

inline constexpr std::string_view kModelRule = "model.spam";               // the flag band
inline constexpr std::string_view kModelReviewRule = "model.spam.review";  // the review band

}  // namespace hm::filters::learned
