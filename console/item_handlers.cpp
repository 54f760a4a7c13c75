// Items (issue 12): list by view, the summary the live pages poll, one item, one decision, and
// bulk decisions with a preview that counts what applying would do.
#include "console/console_impl.hpp"
#include "console/item_view.hpp"
#include "moderation/strike_words.hpp"

namespace hm::console {
using moderation::ItemDecision;

namespace {

constexpr int kMaxPage = 500;
constexpr std::size_t kMaxBulk = 500;

std::string decision_names() {
  std::string out;
  for (auto d : moderation::kAllItemDecisions)
    out += (out.empty() ? "" : ", ") + std::string(moderation::to_string(d));
  return out;
}

http::status status_of(int code) {
  return http::int_to_status(unsigned(code));
}

// What one decision does, for the bulk preview's counts: the decision itself, a deletion left
// to a person where the platform cannot delete, and strikes withdrawn.
void count_effects(Json& effects, ItemDecision d, const moderation::ItemSteps& steps) {
  std::string key(moderation::to_string(d));
  if (d == ItemDecision::delete_comment && !steps.undo_until) key = "delete_by_hand";
  effects[key] = effects.value(key, 0) + 1;
  if (steps.withdraw_strike)
    effects["strikes_withdrawn"] = effects.value("strikes_withdrawn", 0) + 1;
}

// A decision's body: {"decision", "note"?, "text"?}.
struct DecisionBody {
  Json body;
  moderation::ItemRequest request;
};

std::variant<DecisionBody, HttpResponse> parse_decision(const Call& call) {
  auto parsed = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&parsed)) return std::move(*r);
  DecisionBody out{std::get<Json>(std::move(parsed)), {}};
  std::string problem;
  auto decision = string_field(out.body, "decision", problem);
  auto note = string_field(out.body, "note", problem);
  out.request.text = string_field(out.body, "text", problem);
  if (!problem.empty()) return error_response(call.request, http::status::bad_request, problem);
  const auto chosen = decision ? moderation::parse_item_decision(*decision) : std::nullopt;
  if (!chosen)
    return error_response(call.request, http::status::bad_request,
                          "decision must be one of " + decision_names());
  out.request.decision = *chosen;
  out.request.note = note.value_or("");
  return out;
}

}  // namespace

// What item_view needs of this request: the caller's roles and the school's words.
static ItemContext item_context(ConsoleApi::Impl& api, const Call& call) {
  ItemContext ctx;
  const store::User& user = call.user;
  ctx.roles = [&user](const std::string& school) {
    return moderation::ItemRoles{permits(user, Permission::decide, school),
                                 permits(user, Permission::decide_escalation, school)};
  };
  ctx.describe_rule = api.hooks.describe_rule;
  // The school list is replaced on a reload on this (the io) thread, so reading it per call
  // follows the config without a copy.
  ctx.signposting = [&api](std::string_view school) {
    for (const auto& s : api.schools)
      if (s.id == school) return s.signposting;
    return std::string();
  };
  // The same rule, in the same words, as the author page (record_handlers.cpp).
  ctx.strike_rule = [&api](std::string_view channel) {
    return moderation::strike_rule_text(api.hooks.strike_rule ? api.hooks.strike_rule(channel)
                                                              : moderation::StrikeRule{});
  };
  ctx.now = call.now;
  ctx.undo_window = api.options.undo_window;
  return ctx;
}

HttpResponse ConsoleApi::Impl::list_items(Call& call) {
  const auto& req = call.request;
  ItemListRequest r;
  const auto view = parse_item_view(call.query("view").value_or("needs"));
  if (!view)
    return error_response(req, http::status::bad_request,
                          "view must be one of needs, handled, closed, safeguarding");
  r.view = *view;
  r.selection.school = call.query("school");
  r.selection.channel = call.query("channel");
  r.selection.schools = schools_with(call.user, Permission::read);
  if (auto limit = call.query("limit")) {
    auto v = parse_id(*limit);
    if (!v || *v > kMaxPage)
      return error_response(req, http::status::bad_request, "limit must be 1 to 500");
    r.limit = int(*v);
  }
  if (auto before = call.query("before")) {
    r.before = parse_id(*before);
    if (!r.before) return error_response(req, http::status::bad_request, "bad 'before'");
  }
  return json_response(req, http::status::ok,
                       console::list_items(store, r, item_context(*this, call)));
}

HttpResponse ConsoleApi::Impl::items_summary(Call& call) {
  const auto schools = schools_with(call.user, Permission::read);
  std::string key = schools ? "" : "*";
  if (schools)
    for (const auto& s : *schools) key += s + "\n";
  auto& cached = summaries[key];
  const std::int64_t changed = store.item_changes();
  if (cached.changed != changed) cached = {changed, item_summary(store, schools)};
  return json_response(call.request, http::status::ok, cached.body);
}

HttpResponse ConsoleApi::Impl::get_item(Call& call, std::int64_t id) {
  auto item = store.item(id);
  if (!item || !can_see(call, item->school_id))
    return error_response(call.request, http::status::not_found, "no such item");
  return json_response(call.request, http::status::ok,
                       item_json(store, *item, item_context(*this, call)));
}

HttpResponse ConsoleApi::Impl::decide_item(Call& call, std::int64_t id) {
  const auto& req = call.request;
  auto parsed = parse_decision(call);
  if (auto* r = std::get_if<HttpResponse>(&parsed)) return std::move(*r);
  const auto& [body, request] = std::get<DecisionBody>(parsed);
  auto item = store.item(id);
  if (!item || !can_see(call, item->school_id))
    return error_response(req, http::status::not_found, "no such item");
  const auto ctx = item_context(*this, call);
  auto steps = store.decide_item(id, ctx.roles(item->school_id), request, call.actor, call.now,
                                 options.undo_window);
  if (!steps) return error_response(req, status_of(steps.error().status), steps.error().message);
  if (hooks.actions_approved) hooks.actions_approved();
  Json out = item_json(store, *store.item(id), ctx);
  if (steps->offer_exception) out["offer_exception"] = true;
  return json_response(req, http::status::ok, out);
}

HttpResponse ConsoleApi::Impl::bulk_items(Call& call) {
  const auto& req = call.request;
  auto parsed = parse_decision(call);
  if (auto* r = std::get_if<HttpResponse>(&parsed)) return std::move(*r);
  auto [body, request] = std::get<DecisionBody>(parsed);
  request.text.reset();  // one edited reply is not for many items
  auto preview_field = body.find("preview");
  if (preview_field != body.end() && !preview_field->is_boolean())
    return error_response(req, http::status::bad_request, "preview must be true or false");
  const bool preview = preview_field != body.end() && preview_field->get<bool>();
  auto ids = bulk_ids(call, body, kMaxBulk, "item");
  if (auto* r = std::get_if<HttpResponse>(&ids)) return std::move(*r);

  const auto ctx = item_context(*this, call);
  Json effects = Json::object(), skipped = Json::array(), results = Json::array();
  std::optional<moderation::Time> undo_until;
  bool approved = false;
  for (const auto id : std::get<std::vector<std::int64_t>>(ids)) {
    auto item = store.item(id);
    store::ItemDecided steps = unexpected(moderation::Refusal{404, "no such item"});
    if (item && can_see(call, item->school_id)) {
      try {
        steps = store.decide_item(id, ctx.roles(item->school_id), request, call.actor, call.now,
                                  options.undo_window, !preview);
      } catch (const store::StorageFull&) {  // this one is rolled back; the others stand
        steps = unexpected(moderation::Refusal{507, std::string(kDiskFull)});
      }
    }
    if (!steps) {
      if (preview)
        skipped.push_back({{"id", id}, {"reason", steps.error().message}});
      else
        results.push_back({{"id", id},
                           {"ok", false},
                           {"status", steps.error().status},
                           {"error", steps.error().message}});
      continue;
    }
    if (preview) {
      count_effects(effects, request.decision, *steps);
      continue;
    }
    approved = true;
    if (steps->undo_until && (!undo_until || *steps->undo_until > *undo_until))
      undo_until = steps->undo_until;
    results.push_back({{"id", id}, {"ok", true}, {"item", item_json(store, *store.item(id), ctx)}});
  }
  if (preview)
    return json_response(req, http::status::ok,
                         Json{{"effects", std::move(effects)}, {"skipped", std::move(skipped)}});
  if (approved && hooks.actions_approved) hooks.actions_approved();
  return json_response(
      req, http::status::ok,
      Json{{"results", std::move(results)}, {"undo_until", time_json(undo_until)}});
}

}  // namespace hm::console
