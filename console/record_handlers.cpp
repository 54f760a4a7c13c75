// Read-only records: a comment's history, an author's record, the audit log, evidence export,
// and the filter tester (which stores nothing).
#include <algorithm>

#include "console/action_view.hpp"
#include "console/console_impl.hpp"
#include "console/reasons.hpp"
#include "moderation/strike_words.hpp"
#include "store/audit_checkpoint.hpp"
#include "store/audit_log.hpp"
#include "store/evidence.hpp"
#include "store/evidence_html.hpp"
#include "store/stored_enums.hpp"
#include "store/stored_verdict.hpp"

namespace hm::console {

HttpResponse ConsoleApi::Impl::get_comment(Call& call, std::int64_t id) {
  auto found = comment_view(store.connection(), id);
  if (!found || !can_see(call, found->school))
    return error_response(call.request, http::status::not_found, "no such comment");
  // Whether the safeguarding lead was told, and how it went (never what was said).
  Json alert = nullptr;
  if (auto a = store.alert_for_comment(id)) {
    alert = {{"state", store::to_string(a->state)},
             {"attempts", a->attempts},
             {"webhook_sent_at", time_json(a->webhook_sent_at)},
             {"email_sent_at", time_json(a->email_sent_at)},
             {"sent_at", time_json(a->sent_at)},
             {"last_error", a->last_error.empty() ? Json(nullptr) : Json(a->last_error)}};
  }
  found->view["alert"] = std::move(alert);
  explain_comment(found->view, hooks.describe_rule);
  return json_response(call.request, http::status::ok, found->view);
}

HttpResponse ConsoleApi::Impl::get_author(Call& call) {
  auto channel = call.query("channel");
  auto author = call.query("author_id");
  if (!channel || !author)
    return error_response(call.request, http::status::bad_request,
                          "give both channel and author_id");
  auto found = author_view(store.connection(), *channel, *author);
  if (!found || !can_see(call, found->school))
    return error_response(call.request, http::status::not_found,
                          "no comments by that author on that channel");
  // The strike rule in words, with where this author stands inside its window.
  const moderation::StrikeRule rule =
      hooks.strike_rule ? hooks.strike_rule(*channel) : moderation::StrikeRule{};
  const std::int64_t since = moderation::window_start(rule, call.now).time_since_epoch().count();
  auto counted = store.connection().prepare(
      "SELECT COUNT(*) FROM strikes WHERE channel_id = ? AND author_id = ? AND at >= ?");
  counted.bind_all(*channel, *author, since);
  counted.step();
  const int in_window = int(counted.int64(0));
  found->view["school"] = found->school;
  found->view["strike_rule"] = moderation::strike_rule_text(rule);
  found->view["strikes_in_window"] = in_window;
  found->view["strike_standing"] = moderation::strike_standing_text(rule, in_window);
  return json_response(call.request, http::status::ok, found->view);
}

SlowWork ConsoleApi::Impl::walk_chain_then(
    ChainWalk walk, std::function<HttpResponse(const store::ChainCheck&)> answer,
    moderation::Time now) {
  struct Shared {
    std::filesystem::path database;
    std::string key;
    store::ChainCheck chain;
  };
  auto shared =
      std::make_shared<Shared>(Shared{store.connection().file(), store.audit_checkpoint_key(), {}});
  return SlowWork{[shared, walk = std::move(walk)] {
                    store::Connection reader(shared->database, store::Connection::Mode::reader);
                    shared->chain = walk(reader, shared->key);
                  },
                  [this, shared, answer = std::move(answer), now] {
                    // The single writer records what the worker found.
                    store::record_audit_checkpoint(store.connection(), shared->key, shared->chain,
                                                   now);
                    return answer(shared->chain);
                  }};
}

Reply ConsoleApi::Impl::audit(Call& call) {
  const auto& req = call.request;
  if (!permits(call.user, Permission::administer, "*"))
    return error_response(req, http::status::forbidden, "the audit log is for admins");
  AuditFilter f;
  if (auto limit = call.query("limit")) {
    auto v = parse_id(*limit);
    if (!v || *v > 500)
      return error_response(req, http::status::bad_request, "limit must be 1 to 500");
    f.limit = int(*v);
  }
  if (auto before = call.query("before")) {
    f.before = parse_id(*before);
    if (!f.before) return error_response(req, http::status::bad_request, "bad 'before'");
  }
  f.subject = call.query("subject");
  Json out = audit_page(store.connection(), f);
  if (f.before) return json_response(req, http::status::ok, out);
  // The first page says whether the chain holds: walked from its last checkpoint, on a worker.
  return walk_chain_then(
      store::verify_audit_incrementally,
      [&req, out = std::move(out)](const store::ChainCheck& chain) mutable {
        out["chain"] = {{"ok", chain.ok},
                        {"rows_checked", chain.rows_checked},
                        {"verified_from", chain.verified_from},
                        {"message", chain.message}};
        return json_response(req, http::status::ok, out);
      },
      call.now);
}

Reply ConsoleApi::Impl::evidence(Call& call) {
  const auto& req = call.request;
  auto& db = store.connection();
  const auto format = call.query("format").value_or("json");
  if (format != "json" && format != "html")
    return error_response(req, http::status::bad_request, "format must be json or html");
  store::EvidenceQuery query;
  std::vector<std::string> schools;  // every school the bundle would draw on
  std::string file_name;
  if (auto comment = call.query("comment")) {
    auto id = parse_id(*comment);
    store::Statement s = db.prepare(
        "SELECT c.platform_comment_id, ch.platform, ch.school_id FROM comments c "
        "JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?");
    s.bind(1, id.value_or(0));
    if (!id || !s.step() || !can_see(call, s.text(2)))
      return error_response(req, http::status::not_found, "no such comment");
    query.platform_comment_id = s.text(0);
    query.platform = store::stored_platform(s.text(1));
    schools.push_back(s.text(2));
    // Only this school's copy: another school storing the same platform comment (one X post
    // mentioning both) keeps its actions, staff names and notes to itself.
    query.schools = schools;
    file_name = "evidence-comment-" + std::to_string(*id);
  } else if (auto channel = call.query("channel"); channel && call.query("author_id")) {
    auto author = *call.query("author_id");
    store::Statement s = db.prepare("SELECT platform, school_id FROM channels WHERE id = ?");
    s.bind(1, *channel);
    if (!s.step() || !can_see(call, s.text(1)))
      return error_response(req, http::status::not_found, "no such channel");
    query.author_id = author;
    query.platform = store::stored_platform(s.text(0));
    // The caller must be allowed to export from the channel's school; the bundle then covers
    // the author's comments in the schools the caller may export from, and says nothing of
    // others (no answer that depends on where else the author wrote).
    schools.push_back(s.text(1));
    std::vector<std::string> covered = schools;
    store::Statement w = db.prepare(
        "SELECT DISTINCT ch.school_id FROM comments c JOIN channels ch ON ch.id = c.channel_id "
        "WHERE c.author_key = hm_lookup_key(?1) AND c.author_id = ?1 AND ch.platform = ?2");
    w.bind(1, author);
    w.bind(2, s.text(0));
    while (w.step())
      if (w.text(0) != s.text(1) && permits(call.user, Permission::export_evidence, w.text(0)))
        covered.push_back(w.text(0));
    query.schools = covered;
    file_name = "evidence-author";
  } else {
    return error_response(req, http::status::bad_request,
                          "give comment=ID, or channel=ID and author_id=ID");
  }
  for (const auto& school : schools)
    if (!permits(call.user, Permission::export_evidence, school))
      return error_response(req, http::status::forbidden,
                            "your role cannot export evidence from this school");
  // The bundle is read and the chain walked on a worker, in one reader snapshot.
  auto text = std::make_shared<std::string>();
  return walk_chain_then(
      [text, query, format, now = call.now](store::Connection& reader, std::string_view key) {
        store::ChainCheck chain;
        const auto bundle = store::collect_evidence(reader, query, now, [&](store::Connection& db) {
          return chain = store::verify_audit_incrementally(db, key);
        });
        *text = format == "html"
                    ? store::render_evidence_html(bundle)
                    : bundle.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        return chain;
      },
      [&req, text, format, file_name](const store::ChainCheck&) {
        HttpResponse r = make_response(
            req, http::status::ok,
            format == "html" ? "text/html; charset=utf-8" : "application/json", std::move(*text));
        // The page's own policy (its style element by hash), not the console's, which forbids it.
        if (format == "html")
          r.set("Content-Security-Policy", store::evidence_html_csp() + "; frame-ancestors 'none'");
        r.set(http::field::content_disposition,
              "attachment; filename=\"" + file_name + "." + format + "\"");
        return r;
      },
      call.now);
}

std::variant<std::string, HttpResponse> ConsoleApi::Impl::tester_school(
    const Call& call, const std::optional<std::string>& asked) {
  const auto& req = call.request;
  std::optional<std::string> school = asked;
  if (!school)  // the first school the caller may test in, else the first they can see
    for (Permission p : {Permission::export_evidence, Permission::read})
      for (const auto& s : schools)
        if (!school && permits(call.user, p, s.id)) school = s.id;
  const bool configured = school && std::any_of(schools.begin(), schools.end(),
                                                [&](const auto& s) { return s.id == *school; });
  if (!configured || !can_see(call, *school))
    return error_response(req, http::status::not_found, "no such school");
  if (!permits(call.user, Permission::export_evidence, *school))
    return error_response(req, http::status::forbidden, "viewers cannot use the filter tester");
  return *school;
}

HttpResponse ConsoleApi::Impl::test_filters(Call& call) {
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  std::string problem;
  const Json& b = std::get<Json>(body);
  auto text = string_field(b, "text", problem);
  auto school = string_field(b, "school", problem);
  if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
  if (!text) return error_response(req, http::status::bad_request, "send {\"text\": \"...\"}");
  auto found = tester_school(call, school);
  if (auto* r = std::get_if<HttpResponse>(&found)) return std::move(*r);
  school = std::get<std::string>(found);
  if (!hooks.classify)
    return error_response(req, http::status::service_unavailable, "the filters are not loaded");
  const moderation::PolicyVerdict judged = hooks.classify(*text, *school);
  const filters::Verdict& v = judged.verdict;
  Json categories = Json::array();
  for (auto c : v.categories.list()) categories.push_back(filters::to_string(c));
  Json actions = Json::array();
  for (auto a : judged.actions) actions.push_back(moderation::to_string(a));
  return json_response(req, http::status::ok,
                       Json{{"school", *school},
                            {"categories", std::move(categories)},
                            {"actions", std::move(actions)},
                            {"matches", store::matches_json(v)}});
}

}  // namespace hm::console
