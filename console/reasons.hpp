// Why a comment was flagged, in words a head teacher reads: the rules' descriptions ("Looks like
// a UK phone number") put on the console's views in place of rule ids and category names.
//
// Error policy: nothing fails. A rule the live rules no longer know (or no hook at all) reads as
// its category in words; a view without matches gets an empty "reasons".
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace hm::console {

using Json = nlohmann::ordered_json;
using DescribeRule = std::function<std::string(std::string_view rule_id)>;

// Gives each match of a {rule, category, ...} array a "description", followed by its stored
// "why" when it has one ("... — asks_age 2 + secrecy 2 = 4 (threshold 4)"), and returns the
// distinct descriptions in the order the matches name them.
Json describe_matches(Json& matches, const DescribeRule& describe);

// An Action view (action_view.hpp): adds "reasons" and rewrites the policy's
// "verdict: personal_data (detector.protected_name)" reason in those words.
void explain_action(Json& action, const DescribeRule& describe);

// A comment view: every version's matches get descriptions and the version its "reasons".
void explain_comment(Json& comment, const DescribeRule& describe);

}  // namespace hm::console
