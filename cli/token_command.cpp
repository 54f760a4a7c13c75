// hallmonitorctl token create | revoke | list: API bearer tokens for scripts, on the database
// directly, whether the daemon is running or not (DESIGN.md §9).
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_access.hpp"
#include "cli/database_path.hpp"
#include "store/accounts.hpp"
#include "store/evidence.hpp"

namespace hm::cli {
namespace {

struct TokenOptions {
  std::filesystem::path config;
  std::string user;
  std::string name;
  std::int64_t id = 0;
  int expires_in_days = 0;  // 0: never
};

std::string when(const std::optional<store::Time>& t) {
  return t ? store::iso8601(t->time_since_epoch().count()) : "-";
}

int token_create(const TokenOptions& o) {
  auto config = load_config_or_report(o.config);
  if (!config) return 2;
  const std::string actor = cli_actor();
  auto store = open_account_writer(*config);
  store::Accounts accounts(store->connection());
  const auto now = now_seconds();
  std::optional<store::Time> expires_at;
  if (o.expires_in_days > 0) expires_at = now + std::chrono::days(o.expires_in_days);
  auto made = accounts.create_token(o.user, o.name, actor, now, expires_at);
  if (!made) {
    std::cerr << "hallmonitorctl: " << made.error() << "\n";
    return 2;
  }
  const auto& [info, secret] = *made;
  std::cout << "created token " << info.id << (info.name.empty() ? "" : " \"" + info.name + "\"")
            << " for " << info.user
            << (info.expires_at ? ", expires " + when(info.expires_at) : std::string()) << "\n"
            << "It is shown only this once; use it as 'Authorization: Bearer TOKEN':\n"
            // The last line is the token alone, so a script can take it with `tail -n 1`.
            << secret << "\n";
  return 0;
}

int token_revoke(const TokenOptions& o) {
  auto config = load_config_or_report(o.config);
  if (!config) return 2;
  const std::string actor = cli_actor();
  auto store = open_account_writer(*config);
  store::Accounts accounts(store->connection());
  bool already = false;
  for (const auto& t : accounts.tokens())
    if (t.id == o.id) already = t.revoked_at.has_value();
  auto revoked = accounts.revoke_token(o.id, actor, now_seconds());
  if (!revoked) {
    std::cerr << "hallmonitorctl: " << revoked.error() << "\n";
    return 2;
  }
  std::cout << (already ? "token " + std::to_string(o.id) + " was already revoked"
                        : "revoked token " + std::to_string(o.id))
            << "\n";
  return 0;
}

int token_list(const TokenOptions& o) {
  auto config = load_config_or_report(o.config);
  if (!config) return 2;
  store::Connection reader = open_account_reader(*config);
  store::Accounts accounts(reader);
  const auto tokens = accounts.tokens();
  std::size_t user_width = 4, name_width = 4;
  for (const auto& t : tokens) {
    user_width = std::max(user_width, t.user.size());
    name_width = std::max(name_width, t.name.size());
  }
  const auto row = [&](const std::string& id, const std::string& user, const std::string& name,
                       const std::string& created, const std::string& used,
                       const std::string& revoked, const std::string& expires) {
    std::cout << std::left << std::setw(5) << id << "  " << std::setw(int(user_width)) << user
              << "  " << std::setw(int(name_width)) << name << "  " << std::setw(20) << created
              << "  " << std::setw(20) << used << "  " << std::setw(20) << revoked << "  "
              << expires << "\n";
  };
  row("ID", "USER", "NAME", "CREATED", "LAST USED", "REVOKED", "EXPIRES");
  for (const auto& t : tokens)
    row(std::to_string(t.id), t.user, t.name, when(t.created_at), when(t.last_used_at),
        when(t.revoked_at), when(t.expires_at));
  return 0;
}

}  // namespace

void add_token_command(CLI::App& app, Runner& run) {
  auto* token = app.add_subcommand("token", "API bearer tokens");
  token->require_subcommand(1);
  auto o = std::make_shared<TokenOptions>();

  auto* create = token->add_subcommand("create", "Make a token for a user; prints it once");
  create->add_option("--config", o->config, "hallmonitor config file")->required();
  create->add_option("--user", o->user, "the user the token acts as")->required();
  create->add_option("--name", o->name, "a label, e.g. what uses the token");
  create
      ->add_option("--expires-in-days", o->expires_in_days,
                   "refuse the token after this many days (default: until revoked)")
      ->check(CLI::Range(1, 3650));
  create->callback([o, &run] { run = [o] { return token_create(*o); }; });

  auto* revoke = token->add_subcommand("revoke", "Revoke a token by its id");
  revoke->add_option("--config", o->config, "hallmonitor config file")->required();
  revoke->add_option("id", o->id, "the token's id, from 'token list'")->required();
  revoke->callback([o, &run] { run = [o] { return token_revoke(*o); }; });

  auto* list = token->add_subcommand("list", "List tokens (never the tokens themselves)");
  list->add_option("--config", o->config, "hallmonitor config file")->required();
  list->callback([o, &run] { run = [o] { return token_list(*o); }; });
}

}  // namespace hm::cli
