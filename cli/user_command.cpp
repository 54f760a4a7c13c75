// hallmonitorctl user add | remove | passwd | reset-second-factor | list: console accounts, on the
// database directly, whether the daemon is running or not (DESIGN.md §9).
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_access.hpp"
#include "cli/database_path.hpp"
#include "cli/password_input.hpp"
#include "store/accounts.hpp"
#include "store/evidence.hpp"

namespace hm::cli {
namespace {

struct UserOptions {
  std::filesystem::path config;
  std::string name;
  std::string role;
  std::vector<std::string> schools;
  std::filesystem::path password_file;
};

// What the account commands share: the config, a valid name, the actor.
struct Context {
  config::Config config;
  std::string actor = cli_actor();
};

std::optional<Context> context_for(const UserOptions& o, bool needs_name) {
  auto config = load_config_or_report(o.config);
  if (!config) return std::nullopt;
  if (needs_name && !store::valid_user_name(o.name)) {
    std::cerr << "hallmonitorctl: a user name is 1 to 64 letters, digits, '.', '_', '@' or '-'\n";
    return std::nullopt;
  }
  Context ctx;
  ctx.config = std::move(*config);
  return ctx;
}

std::string describe(const std::vector<store::Grant>& grants) {
  std::string out;
  for (const auto& g : grants) {
    if (!out.empty()) out += ", ";
    out += std::string(store::to_string(g.role)) +
           (g.school == "*" ? " for every school" : " for " + g.school);
  }
  return out;
}

std::string known_schools(const config::Config& config) {
  std::string out;
  for (const auto& s : config.schools) out += (out.empty() ? "" : ", ") + s.id;
  return out.empty() ? "none" : out;
}

int user_add(const UserOptions& o) {
  auto ctx = context_for(o, true);
  if (!ctx) return 2;
  const auto role = store::parse_role(o.role);
  if (!role) {
    std::cerr << "hallmonitorctl: --role must be admin, moderator, safeguarding or viewer\n";
    return 2;
  }
  // One role, in each school named, or in every school.
  std::vector<store::Grant> grants;
  for (const auto& school : o.schools) {
    if (school != "*" && !ctx->config.find_school(school)) {
      std::cerr << "hallmonitorctl: no school '" << school << "' in " << o.config.string()
                << " (its schools: " << known_schools(ctx->config) << ")\n";
      return 2;
    }
    grants.push_back({*role, school});
  }
  if (grants.empty()) grants.push_back({*role, "*"});

  auto password = read_new_password(o.password_file, o.name);
  if (!password) return 2;
  auto store = open_account_writer(ctx->config);
  store::Accounts accounts(store->connection());
  auto added = accounts.add_user(o.name, *password, grants, ctx->actor, now_seconds());
  wipe(*password);
  if (!added) {
    std::cerr << "hallmonitorctl: " << added.error() << "\n";
    return 2;
  }
  std::cout << "added user " << added->name << ": " << describe(added->grants) << "\n";
  return 0;
}

int user_remove(const UserOptions& o) {
  auto ctx = context_for(o, true);
  if (!ctx) return 2;
  auto store = open_account_writer(ctx->config);
  store::Accounts accounts(store->connection());
  auto removed = accounts.remove_user(o.name, ctx->actor, now_seconds());
  if (!removed) {
    std::cerr << "hallmonitorctl: " << removed.error() << "\n";
    return 2;
  }
  std::cout << "removed user " << o.name
            << "; their sessions ended and their tokens were revoked\n";
  return 0;
}

int user_passwd(const UserOptions& o) {
  auto ctx = context_for(o, true);
  if (!ctx) return 2;
  auto password = read_new_password(o.password_file, o.name);
  if (!password) return 2;
  auto store = open_account_writer(ctx->config);
  store::Accounts accounts(store->connection());
  auto changed = accounts.set_password(o.name, *password, ctx->actor, now_seconds());
  wipe(*password);
  if (!changed) {
    std::cerr << "hallmonitorctl: " << changed.error() << "\n";
    return 2;
  }
  std::cout << "changed the password of " << o.name << "; their sessions ended\n";
  return 0;
}

// For a user who lost their phone and their recovery codes: removes the second factor, so their
// next sign-in needs the password only and, if their role requires one, sets up a new one.
int user_reset_second_factor(const UserOptions& o) {
  auto ctx = context_for(o, true);
  if (!ctx) return 2;
  auto store = open_account_writer(ctx->config);
  store::Accounts accounts(store->connection());
  auto reset = accounts.reset_second_factor(o.name, ctx->actor, now_seconds());
  if (!reset) {
    std::cerr << "hallmonitorctl: " << reset.error() << "\n";
    return 2;
  }
  std::cout << "removed the second factor of " << o.name
            << "; they sign in with their password and set up a new one\n";
  return 0;
}

int user_list(const UserOptions& o) {
  auto ctx = context_for(o, false);
  if (!ctx) return 2;
  store::Connection reader = open_account_reader(ctx->config);
  store::Accounts accounts(reader);
  const auto users = accounts.users();
  std::size_t width = 4;
  for (const auto& u : users) width = std::max(width, u.name.size());
  std::cout << std::left << std::setw(int(width)) << "NAME"
            << "  " << std::setw(20) << "CREATED"
            << "  2-STEP  ROLES\n";
  for (const auto& u : users)
    std::cout << std::setw(int(width)) << u.name << "  " << std::setw(20)
              << store::iso8601(u.created_at.time_since_epoch().count()) << "  " << std::setw(6)
              << (u.second_factor ? "on" : "off") << "  " << describe(u.grants) << "\n";
  return 0;
}

void add_config(CLI::App* cmd, UserOptions& o) {
  cmd->add_option("--config", o.config, "hallmonitor config file")->required();
}

void add_password_file(CLI::App* cmd, UserOptions& o) {
  cmd->add_option("--password-file", o.password_file,
                  "read the password from this file's first line (default: stdin; never argv)");
}

}  // namespace

void add_user_command(CLI::App& app, Runner& run) {
  auto* user = app.add_subcommand("user", "Console accounts");
  user->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();

  auto* add = user->add_subcommand("add", "Add a user with a role in some schools or all");
  add_config(add, *o);
  add->add_option("name", o->name, "user name: letters, digits, '.', '_', '@', '-'")->required();
  add->add_option("--role", o->role, "admin, moderator, safeguarding or viewer")->required();
  add->add_option("--school", o->schools,
                  "a school id from the config, repeatable (default: every school)");
  add_password_file(add, *o);
  add->callback([o, &run] { run = [o] { return user_add(*o); }; });

  auto* remove = user->add_subcommand("remove", "Disable a user, ending sessions and tokens");
  add_config(remove, *o);
  remove->add_option("name", o->name, "user name")->required();
  remove->callback([o, &run] { run = [o] { return user_remove(*o); }; });

  auto* passwd = user->add_subcommand("passwd", "Set a user's password, ending their sessions");
  add_config(passwd, *o);
  passwd->add_option("name", o->name, "user name")->required();
  add_password_file(passwd, *o);
  passwd->callback([o, &run] { run = [o] { return user_passwd(*o); }; });

  auto* reset = user->add_subcommand(
      "reset-second-factor", "Remove a user's second factor (a lost phone and recovery codes)");
  add_config(reset, *o);
  reset->add_option("name", o->name, "user name")->required();
  reset->callback([o, &run] { run = [o] { return user_reset_second_factor(*o); }; });

  auto* list = user->add_subcommand("list", "List users, their second factor and roles");
  add_config(list, *o);
  list->callback([o, &run] { run = [o] { return user_list(*o); }; });
}

}  // namespace hm::cli
