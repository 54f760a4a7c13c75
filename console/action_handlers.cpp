// The action queue: list, one action, approve / reject / done / retry (one or many), undo a hide.
#include "console/action_view.hpp"
#include "console/console_impl.hpp"
#include "console/reasons.hpp"
#include "moderation/decision.hpp"
#include "moderation/item_decision.hpp"

namespace hm::console {
using moderation::ActionState;

namespace {

constexpr int kMaxPage = 500;
constexpr std::size_t kMaxBulk = 500;

std::optional<int> parse_limit(const std::optional<std::string>& text) {
  if (!text) return 100;
  auto v = parse_id(*text);
  if (!v || *v > kMaxPage) return std::nullopt;
  return int(*v);
}

}  // namespace

HttpResponse ConsoleApi::Impl::list_actions(Call& call) {
  const auto& req = call.request;
  ActionFilter f;
  f.state = call.query("state");
  if (f.state && !moderation::parse_action_state(*f.state))
    return error_response(req, http::status::bad_request,
                          "state must be one of proposed, approved, running, done, failed, "
                          "rejected");
  f.kind = call.query("kind");
  if (f.kind && !moderation::parse_action_kind(*f.kind))
    return error_response(req, http::status::bad_request,
                          "kind must be one of hide, unhide, delete, block, reply, escalate");
  f.category = call.query("category");
  if (f.category && !filters::parse_category(*f.category))
    return error_response(req, http::status::bad_request, "unknown category");
  f.school = call.query("school");
  f.channel = call.query("channel");
  auto limit = parse_limit(call.query("limit"));
  if (!limit) return error_response(req, http::status::bad_request, "limit must be 1 to 500");
  f.limit = *limit;
  if (auto before = call.query("before")) {
    f.before = parse_id(*before);
    if (!f.before) return error_response(req, http::status::bad_request, "bad 'before'");
  }
  f.schools = schools_with(call.user, Permission::read);
  auto page = console::list_actions(store.connection(), f);
  for (auto& action : page.actions) explain_action(action, hooks.describe_rule);
  Json out = {{"actions", std::move(page.actions)}, {"next_before", nullptr}};
  if (page.next_before) out["next_before"] = *page.next_before;
  return json_response(req, http::status::ok, out);
}

HttpResponse ConsoleApi::Impl::get_action(Call& call, std::int64_t id) {
  auto found = action_view(store.connection(), id);
  if (!found || !can_see(call, found->school))
    return error_response(call.request, http::status::not_found, "no such action");
  explain_action(found->view, hooks.describe_rule);
  return json_response(call.request, http::status::ok, found->view);
}

ConsoleApi::Impl::Outcome ConsoleApi::Impl::apply_decision(Call& call, std::int64_t id,
                                                           std::string_view decision,
                                                           const std::string& reason) {
  auto found = action_view(store.connection(), id);
  if (!found || !can_see(call, found->school))
    return {http::status::not_found, "no such action", {}};
  auto kind = moderation::parse_action_kind(found->view["kind"].get<std::string>());
  if (!kind || !permits(call.user, decide_permission(*kind), found->school))
    return {http::status::forbidden,
            kind == moderation::ActionKind::escalate
                ? "only the safeguarding lead or an admin decides on an escalation"
                : "your role in this school cannot decide on actions",
            {}};
  const std::string why = reason.empty() ? "decided in the console" : reason;
  Expected<moderation::Action, std::string> result = unexpected(std::string("unknown decision"));
  using moderation::ModeratorDecision;
  const auto chosen = moderation::parse_moderator_decision(decision);
  if (chosen == ModeratorDecision::approve)
    result = store.transition(id, moderation::event::Approve{}, call.actor, why, call.now);
  else if (chosen == ModeratorDecision::reject)
    result = store.transition(id, moderation::event::Reject{}, call.actor, why, call.now);
  else if (chosen == ModeratorDecision::done)
    result = store.mark_done(id, call.actor, why, call.now);
  else if (chosen == ModeratorDecision::retry)
    result = store.retry_failed(id, call.actor,
                                reason.empty() ? "tried again from the console" : reason, call.now);
  if (!result) return {http::status::conflict, result.error(), {}};
  if (result->progress.state == ActionState::approved && hooks.actions_approved)
    hooks.actions_approved();
  Json view = action_view(store.connection(), id)->view;
  explain_action(view, hooks.describe_rule);
  return {http::status::ok, "", std::move(view)};
}

HttpResponse ConsoleApi::Impl::decide(Call& call, std::int64_t id, std::string_view decision) {
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  std::string problem;
  auto reason = string_field(std::get<Json>(body), "reason", problem);
  if (!problem.empty()) return error_response(call.request, http::status::bad_request, problem);
  auto outcome = apply_decision(call, id, decision, reason.value_or(""));
  if (!outcome.error.empty()) return error_response(call.request, outcome.status, outcome.error);
  return json_response(call.request, http::status::ok, outcome.action);
}

HttpResponse ConsoleApi::Impl::decide_bulk(Call& call) {
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  std::string problem;
  auto decision = string_field(b, "decision", problem);
  auto reason = string_field(b, "reason", problem);
  if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
  if (!decision || !moderation::parse_moderator_decision(*decision))
    return error_response(req, http::status::bad_request,
                          "decision must be " + moderation::moderator_decision_names());
  auto ids = bulk_ids(call, b, kMaxBulk, "action");
  if (auto* r = std::get_if<HttpResponse>(&ids)) return std::move(*r);
  Json results = Json::array();
  for (const auto id : std::get<std::vector<std::int64_t>>(ids)) {
    Outcome outcome;
    try {
      outcome = apply_decision(call, id, *decision, reason.value_or(""));
    } catch (const store::StorageFull&) {  // this one is rolled back; the others stand
      outcome = {http::status::insufficient_storage, std::string(kDiskFull), {}};
    }
    if (outcome.error.empty())
      results.push_back({{"id", id}, {"ok", true}, {"action", std::move(outcome.action)}});
    else
      results.push_back(
          {{"id", id}, {"ok", false}, {"status", int(outcome.status)}, {"error", outcome.error}});
  }
  return json_response(req, http::status::ok, Json{{"results", std::move(results)}});
}

HttpResponse ConsoleApi::Impl::undo(Call& call, std::int64_t id) {
  const auto& req = call.request;
  auto found = action_view(store.connection(), id);
  if (!found || !can_see(call, found->school))
    return error_response(req, http::status::not_found, "no such action");
  if (!permits(call.user, Permission::decide, found->school))
    return error_response(req, http::status::forbidden,
                          "your role in this school cannot undo actions");
  // Undoing a hide shows the comment again: while its safeguarding concern is open that is the
  // safeguarding lead's decision, as for the item's "show again" (issue 14).
  if (const auto action = store.action(id);
      action && !permits(call.user, Permission::decide_escalation, found->school) &&
      moderation::escalation_open(store.actions_for_comment(action->comment_id)))
    return error_response(
        req, http::status::forbidden,
        "only the safeguarding lead can show this comment again while the concern is open");
  auto result = store.undo_hide(id, call.actor, "undone in the console", call.now);
  if (!result) return error_response(req, http::status::conflict, result.error());
  if (hooks.actions_approved) hooks.actions_approved();
  Json view = action_view(store.connection(), result->id)->view;
  explain_action(view, hooks.describe_rule);
  return json_response(req, http::status::ok, view);
}

}  // namespace hm::console
