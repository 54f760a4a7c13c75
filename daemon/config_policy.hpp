// A school's [school.policy] tables and its complaints reply, read over the default policy
// (DESIGN.md §4, §9):
//   [school.policy]            reply, strike_days, block_after
//   [school.policy.CATEGORY]   hide, delete ("never" | "propose" | "after N days"), strike
// Internal to daemon/config*.
//
// Error policy: every unknown key or category and every bad value is reported through the
// Reader as "file:line: message"; what was read correctly is kept, the rest stays default.
#pragma once

#include <optional>
#include <string_view>

#include "daemon/config_reader.hpp"
#include "moderation/policy.hpp"

namespace hm::config {

// "never", "propose", "after 7 days" ("day" or "days"; N from 1 to 3650) → the rule; nullopt
// for anything else.
std::optional<moderation::DeleteRule> parse_delete_rule(std::string_view text);

// `school` is the [[school]] table: its legacy `complaints_reply` and its `policy` table.
moderation::SchoolPolicy read_policy(Reader& r, const toml::table& school);

}  // namespace hm::config
