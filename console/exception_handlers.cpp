// Filter exceptions (docs/api.md "Exceptions"): after a moderator shows a comment again, "don't
// flag this text again" for the comment's school. Moderators and admins of that school.
#include "console/console_impl.hpp"
#include "filters/filter_exception.hpp"

namespace hm::console {

namespace {

Json exception_json(const store::FilterExceptionRow& e) {
  return {{"id", e.id},
          {"school", e.school},
          {"text", e.text},
          {"comment", e.comment_id ? Json(*e.comment_id) : Json(nullptr)},
          {"created_by", e.created_by},
          {"created_at", time_json(e.created_at)}};
}

struct CommentText {
  std::string school;
  std::optional<std::string> text;  // the latest version's; nullopt once purged or erased
};

std::optional<CommentText> comment_text(store::Connection& db, std::int64_t comment_id) {
  store::Statement s = db.prepare(
      "SELECT ch.school_id, (SELECT v.text FROM comment_versions v WHERE v.comment_id = c.id "
      "ORDER BY v.version DESC LIMIT 1) "
      "FROM comments c JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?");
  s.bind(1, comment_id);
  if (!s.step()) return std::nullopt;
  return CommentText{s.text(0), s.optional_text(1)};
}

}  // namespace

HttpResponse ConsoleApi::Impl::add_exception(Call& call) {
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  auto it = b.find("comment");
  if (it == b.end() || !it->is_number_integer() || it->get<std::int64_t>() <= 0)
    return error_response(req, http::status::bad_request,
                          "send {\"comment\": ID}, the comment's internal id");
  const std::int64_t comment_id = it->get<std::int64_t>();
  auto found = comment_text(store.connection(), comment_id);
  if (!found || !can_see(call, found->school))
    return error_response(req, http::status::not_found, "no such comment");
  if (!permits(call.user, Permission::decide, found->school))
    return error_response(req, http::status::forbidden,
                          "only a moderator or admin of this school can add a filter exception");
  if (!found->text)
    return error_response(req, http::status::conflict,
                          "this comment's text is no longer stored, so there is nothing to match");
  const std::string text = filters::exception_text(*found->text);
  if (text.empty())
    return error_response(req, http::status::conflict, "an empty comment needs no exception");
  auto [row, added] =
      store.add_filter_exception(found->school, text, comment_id, call.actor, call.now);
  if (added && hooks.exception_added) hooks.exception_added(row.school, row.text);
  return json_response(req, added ? http::status::created : http::status::ok, exception_json(row));
}

HttpResponse ConsoleApi::Impl::list_exceptions(Call& call) {
  const auto school = call.query("school");
  if (school && !permits(call.user, Permission::decide, *school))
    return error_response(call.request, http::status::not_found, "no such school");
  const auto allowed = schools_with(call.user, Permission::decide);
  Json out = Json::array();
  for (const auto& e : store.filter_exceptions(school))
    if (!allowed || allowed->contains(e.school)) out.push_back(exception_json(e));
  return json_response(call.request, http::status::ok, Json{{"exceptions", std::move(out)}});
}

HttpResponse ConsoleApi::Impl::remove_exception(Call& call, std::int64_t id) {
  auto found = store.filter_exception(id);
  if (!found || !permits(call.user, Permission::decide, found->school))
    return error_response(call.request, http::status::not_found, "no such exception");
  if (store.remove_filter_exception(id, call.actor, call.now) && hooks.exception_removed)
    hooks.exception_removed(found->school, found->text);
  return no_content(call.request);
}

}  // namespace hm::console
