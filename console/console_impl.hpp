// ConsoleApi's state and its handlers, one per endpoint, spread over files by area:
// console_api.cpp (routing, authentication, session), action_handlers.cpp,
// record_handlers.cpp (comments, authors, audit, evidence, filter tester),
// exception_handlers.cpp (filter exceptions), today_handlers.cpp (the Today page) and
// admin_handlers.cpp (users, tokens). Internal to console/.
#pragma once

#include <map>

#include "console/api_call.hpp"
#include "console/permissions.hpp"

namespace hm::console {

// The answer to any request whose write found the disk full (507): the write transaction was
// rolled back, so the request changed nothing and can simply be sent again.
inline constexpr std::string_view kDiskFull =
    "the server's disk is full; nothing was changed; free space and try again";

struct ConsoleApi::Impl {
  Impl(store::Store& s, std::vector<SchoolInfo> sc, ConsoleHooks h, ConsoleOptions o)
      : store(s),
        accounts(s.connection(), o.accounts),
        schools(std::move(sc)),
        hooks(std::move(h)),
        options(std::move(o)) {}

  store::Store& store;
  store::Accounts accounts;
  std::vector<SchoolInfo> schools;
  ConsoleHooks hooks;
  ConsoleOptions options;
  ConsoleApi::SignInCounts sign_ins;

  // ConsoleApi::handle without the disk-full answer around it.
  Reply handle(const HttpRequest& request, const Caller& caller, moderation::Time now);
  Reply route(Call& call);

  // session
  // Sign-in: the throttle now, the password's hash as SlowWork, the session after.
  Reply login(const HttpRequest& request, const Caller& caller, moderation::Time now);
  // Counts the refusal for /metrics, then words it.
  HttpResponse login_refused(const HttpRequest& request, const store::LoginRefused& refused);
  HttpResponse session_info(Call& call);
  HttpResponse logout(Call& call);
  // The caller's own second factor: GET its state, POST to start setting it up, POST
  // .../confirm with a code (second_factor_handlers.cpp).
  HttpResponse second_factor(Call& call);
  // What a browser session may do while its user must still set up a second factor.
  static bool allowed_before_second_factor(const Call& call);

  // actions
  HttpResponse list_actions(Call& call);
  HttpResponse get_action(Call& call, std::int64_t id);
  HttpResponse decide(Call& call, std::int64_t id, std::string_view decision);
  HttpResponse decide_bulk(Call& call);
  HttpResponse undo(Call& call, std::int64_t id);

  // items (item_handlers.cpp)
  HttpResponse list_items(Call& call);
  HttpResponse items_summary(Call& call);
  HttpResponse get_item(Call& call, std::int64_t id);
  HttpResponse decide_item(Call& call, std::int64_t id);
  HttpResponse bulk_items(Call& call);
  // The summary per set of visible schools, valid while the store's item_changes() is the same:
  // the live pages poll it every few seconds, and it changes far less often.
  struct CachedSummary {
    std::int64_t changed = -1;
    Json body;
  };
  std::map<std::string, CachedSummary> summaries;

  // records
  HttpResponse get_comment(Call& call, std::int64_t id);
  HttpResponse get_author(Call& call);
  HttpResponse forgive_strike(Call& call);  // author_handlers.cpp
  HttpResponse propose_block(Call& call);
  // Both walk the audit chain from its last checkpoint, as SlowWork on a reader connection.
  Reply audit(Call& call);
  Reply evidence(Call& call);
  // SlowWork that runs `walk` on a worker with a reader connection and the checkpoint key (it
  // walks the chain, and may read more in the same snapshot), then records the new checkpoint
  // and calls `answer` on the io thread.
  using ChainWalk =
      std::function<store::ChainCheck(store::Connection& reader, std::string_view key)>;
  SlowWork walk_chain_then(ChainWalk walk,
                           std::function<HttpResponse(const store::ChainCheck&)> answer,
                           moderation::Time now);
  HttpResponse test_filters(Call& call);
  // The school a filter tester or backtest request is for: the one asked, else the first the
  // caller may test in; or the refusal (404 unknown or unseen, 403 a viewer).
  std::variant<std::string, HttpResponse> tester_school(const Call& call,
                                                        const std::optional<std::string>& asked);
  Reply backtest(Call& call);  // backtest_handlers.cpp; judges on a worker (SlowWork)

  // filter exceptions (exception_handlers.cpp)
  HttpResponse add_exception(Call& call);
  HttpResponse list_exceptions(Call& call);
  HttpResponse remove_exception(Call& call, std::int64_t id);
  // the Today page (today_handlers.cpp)
  HttpResponse today(Call& call);
  HttpResponse rule_stats(Call& call);

  // administration
  HttpResponse list_users(Call& call);
  Reply add_user(Call& call);  // hashes on a worker (SlowWork)
  HttpResponse update_user(Call& call, const std::string& name);
  HttpResponse remove_user(Call& call, const std::string& name);
  Reply set_password(Call& call, const std::string& name);  // likewise
  HttpResponse list_tokens(Call& call);
  HttpResponse create_token(Call& call);
  HttpResponse revoke_token(Call& call, std::int64_t id);

  // One decision on one action, as the bulk endpoint reports it: the action's new view, or a
  // status and message.
  struct Outcome {
    http::status status = http::status::ok;
    std::string error;
    Json action;
  };
  Outcome apply_decision(Call& call, std::int64_t id, std::string_view decision,
                         const std::string& reason);

  bool can_see(const Call& call, const std::string& school) const {
    return permits(call.user, Permission::read, school);
  }
  // The schools a page covers: `?school=ID` if the caller can see it, else every school they
  // can. Empty with `?school=` given means 404 (unknown, or not theirs: the same answer).
  std::vector<const SchoolInfo*> schools_asked(const Call& call) const {
    std::vector<const SchoolInfo*> out;
    const auto only = call.query("school");
    for (const auto& s : schools)
      if ((!only || *only == s.id) && can_see(call, s.id)) out.push_back(&s);
    return out;
  }
  Json user_json(const store::User& user) const;
  Json visible_schools_json(const store::User& user) const;
};

}  // namespace hm::console
