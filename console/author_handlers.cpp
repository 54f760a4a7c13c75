// The author page's steps: forgive one strike, propose a block. Moderators and admins of the
// author's school; both recorded in the audit log by the store.
#include "console/action_view.hpp"
#include "console/console_impl.hpp"
#include "console/reasons.hpp"

namespace hm::console {

HttpResponse ConsoleApi::Impl::forgive_strike(Call& call) {
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  std::string problem;
  auto reason = string_field(b, "reason", problem);
  if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
  auto comment = b.find("comment");
  if (comment == b.end() || !comment->is_number_integer() || comment->get<std::int64_t>() <= 0)
    return error_response(req, http::status::bad_request,
                          "give the comment whose strike to forgive");
  const auto id = comment->get<std::int64_t>();
  auto found = comment_view(store.connection(), id);
  if (!found || !can_see(call, found->school))
    return error_response(req, http::status::not_found, "no such comment");
  if (!permits(call.user, Permission::decide, found->school))
    return error_response(req, http::status::forbidden,
                          "only a moderator or an admin can forgive a strike");
  auto left =
      store.forgive_strike(id, call.actor, reason.value_or("forgiven in the console"), call.now);
  if (!left) return error_response(req, http::status::conflict, left.error());
  return json_response(req, http::status::ok, Json{{"comment", id}, {"strikes", *left}});
}

HttpResponse ConsoleApi::Impl::propose_block(Call& call) {
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  std::string problem;
  auto channel = string_field(b, "channel", problem);
  auto author = string_field(b, "author_id", problem);
  auto reason = string_field(b, "reason", problem);
  if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
  if (!channel || !author || channel->empty() || author->empty())
    return error_response(req, http::status::bad_request, "give both channel and author_id");
  auto school = school_of_channel(store.connection(), *channel);
  if (!school || !can_see(call, *school))
    return error_response(req, http::status::not_found, "no such channel");
  if (!permits(call.user, Permission::decide, *school))
    return error_response(req, http::status::forbidden,
                          "only a moderator or an admin can propose a block");
  auto created = store.propose_block(*channel, *author, call.actor, reason.value_or(""), call.now);
  if (!created) {
    // No comment by them there is "not found"; an open block is a conflict.
    const bool unknown = created.error().find("no comment") != std::string::npos;
    return error_response(req, unknown ? http::status::not_found : http::status::conflict,
                          created.error());
  }
  Json view = action_view(store.connection(), created->id)->view;
  explain_action(view, hooks.describe_rule);
  return json_response(req, http::status::created, view);
}

}  // namespace hm::console
