// Who may do what where: the role table of docs/api.md.
#include "console/permissions.hpp"

#include <doctest/doctest.h>

using namespace hm;
using namespace hm::console;
using store::Role;

namespace {
store::User with(std::vector<store::Grant> grants) {
  // Built whole: GCC 12 warns wrongly (PR 105329) on assigning a literal to a member string.
  return store::User{1, std::string("u"), std::move(grants), {}, {}, false};
}
}  // namespace

TEST_CASE("the role table, in one school") {
  struct Row {
    Role role;
    bool read, decide, escalation, evidence;
  };
  for (auto [role, read, decide, escalation, evidence] :
       {Row{Role::viewer, true, false, false, false}, Row{Role::moderator, true, true, false, true},
        Row{Role::safeguarding, true, false, true, true},
        Row{Role::admin, true, true, true, true}}) {
    CAPTURE(store::to_string(role));
    auto u = with({{role, "jh"}});
    CHECK(permits(u, Permission::read, "jh") == read);
    CHECK(permits(u, Permission::decide, "jh") == decide);
    CHECK(permits(u, Permission::decide_escalation, "jh") == escalation);
    CHECK(permits(u, Permission::export_evidence, "jh") == evidence);
    CHECK_FALSE(permits(u, Permission::administer, "*"));  // one school's admin: not users
    for (auto p : {Permission::read, Permission::decide, Permission::decide_escalation,
                   Permission::export_evidence})
      CHECK_FALSE(permits(u, p, "oak"));
    CHECK(schools_with(u, Permission::read) == std::set<std::string>{"jh"});
  }
}

TEST_CASE("grants for every school, and several grants") {
  auto admin = with({{Role::admin, "*"}});
  CHECK(permits(admin, Permission::administer, "*"));
  CHECK(permits(admin, Permission::decide, "anything"));
  CHECK_FALSE(schools_with(admin, Permission::read).has_value());
  auto mixed = with({{Role::moderator, "jh"}, {Role::viewer, "oak"}});
  CHECK(permits(mixed, Permission::decide, "jh"));
  CHECK_FALSE(permits(mixed, Permission::decide, "oak"));
  CHECK(schools_with(mixed, Permission::read) == std::set<std::string>{"jh", "oak"});
  CHECK(schools_with(mixed, Permission::decide) == std::set<std::string>{"jh"});
  CHECK(schools_with(with({}), Permission::read) == std::set<std::string>{});
  CHECK(decide_permission(moderation::ActionKind::escalate) == Permission::decide_escalation);
  CHECK(decide_permission(moderation::ActionKind::block) == Permission::decide);
}
