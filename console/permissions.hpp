// Who may do what, in which school (docs/api.md "Roles"). Pure: no I/O.
//
// A user holds grants, each a role in one school or in every school ("*"). A moderator of one
// school never sees another school's comments: every read is filtered by visible_schools() and
// every single-object request for something outside them is answered as if it did not exist.
//
// Error policy: pure functions; nothing here fails.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "moderation/types.hpp"
#include "store/accounts.hpp"

namespace hm::console {

enum class Permission : std::uint8_t {
  read,    // actions, comments, authors
  decide,  // approve, reject, mark done, undo: every kind but escalate
  decide_escalation,
  export_evidence,  // and the filter tester
  administer,       // audit log, users, tokens: needs admin for "*"
};

bool permits(const store::User& user, Permission p, std::string_view school);

// The permission needed to decide on an action of this kind.
Permission decide_permission(moderation::ActionKind kind);

// The schools where the user has `p`; nullopt means every school.
std::optional<std::set<std::string>> schools_with(const store::User& user, Permission p);

}  // namespace hm::console
