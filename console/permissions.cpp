#include "console/permissions.hpp"

namespace hm::console {
using store::Role;

namespace {

bool role_allows(Role role, Permission p) {
  switch (p) {
    case Permission::read:
      return true;
    case Permission::decide:
      return role == Role::admin || role == Role::moderator;
    case Permission::decide_escalation:
      return role == Role::admin || role == Role::safeguarding;
    case Permission::export_evidence:
      return role != Role::viewer;
    case Permission::administer:
      return role == Role::admin;
  }
  return false;
}

}  // namespace

bool permits(const store::User& user, Permission p, std::string_view school) {
  for (const auto& g : user.grants) {
    if (!role_allows(g.role, p)) continue;
    // Administration covers every school's accounts and the whole audit log, so it needs an
    // admin grant for every school.
    if (p == Permission::administer ? g.school == "*" : (g.school == "*" || g.school == school))
      return true;
  }
  return false;
}

Permission decide_permission(moderation::ActionKind kind) {
  return kind == moderation::ActionKind::escalate ? Permission::decide_escalation
                                                  : Permission::decide;
}

std::optional<std::set<std::string>> schools_with(const store::User& user, Permission p) {
  std::set<std::string> out;
  for (const auto& g : user.grants) {
    if (!role_allows(g.role, p)) continue;
    if (g.school == "*") return std::nullopt;
    out.insert(g.school);
  }
  return out;
}

}  // namespace hm::console
