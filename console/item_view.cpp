#include "console/item_view.hpp"

#include <algorithm>
#include <set>

#include "console/action_view.hpp"
#include "console/reasons.hpp"
#include "moderation/strike_words.hpp"
#include "store/evidence.hpp"
#include "store/permalink.hpp"
#include "store/stored_verdict.hpp"

namespace hm::console {
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;
using moderation::Need;
using store::ItemRecord;
using store::Statement;

namespace {

Json time_or_null(const std::optional<moderation::Time>& t) {
  if (!t) return nullptr;
  return store::iso8601(t->time_since_epoch().count());
}

std::string iso(moderation::Time t) {
  return store::iso8601(t.time_since_epoch().count());
}

const Action* latest(const std::vector<Action>& actions, ActionKind kind) {
  const Action* found = nullptr;
  for (const auto& a : actions)
    if (a.kind == kind) found = &a;
  return found;
}

// The comment as Action.comment shows it (its newest text), its newest verdict's categories
// and rules, and the author's strikes on the channel.
struct CommentPart {
  Json comment;
  Json categories = Json::array();
  Json matches = Json::array();  // the newest verdict's matches
  std::int64_t strikes = 0;
};

CommentPart read_comment(store::Connection& db, std::int64_t comment_id) {
  CommentPart out;
  Statement c = db.prepare(R"sql(
SELECT c.platform_comment_id, c.id, ch.platform, ch.id, v.text, c.author_id, c.author_name,
       c.created_at, )sql" HM_SQL_PERMALINK_OF_C R"sql(, v.version,
       (SELECT COUNT(*) FROM strikes s WHERE s.channel_id = c.channel_id
                                         AND s.author_id = c.author_id)
FROM comments c JOIN channels ch ON ch.id = c.channel_id
LEFT JOIN comment_versions v ON v.comment_id = c.id
 AND v.version = (SELECT MAX(version) FROM comment_versions m WHERE m.comment_id = c.id)
WHERE c.id = ?)sql");
  c.bind(1, comment_id);
  if (!c.step()) return out;
  out.comment = {{"id", c.text(0)},
                 {"internal_id", c.int64(1)},
                 {"platform", c.text(2)},
                 {"channel", c.text(3)},
                 {"text", text_or_null(c, 4)},
                 {"author_id", c.text(5)},
                 {"author_name", text_or_null(c, 6)},
                 {"created_at", store::iso8601(c.int64(7))},
                 {"permalink", text_or_null(c, 8)}};
  if (!c.is_null(9)) out.comment["version"] = c.int64(9);
  out.strikes = c.int64(10);
  Statement v = db.prepare(
      "SELECT vd.categories, vd.matches FROM comment_versions v JOIN verdicts vd "
      "ON vd.version_id = v.id WHERE v.comment_id = ? AND vd.categories != '' "
      "ORDER BY v.version DESC LIMIT 1");
  v.bind(1, comment_id);
  if (v.step()) {
    out.categories = Json(store::split_categories(v.text(0)));
    auto matches = Json::parse(v.text(1), nullptr, false);
    if (matches.is_array()) out.matches = std::move(matches);
  }
  return out;
}

Json action_ref(const Action* a) {
  if (!a) return nullptr;
  return {{"action_id", a->id}, {"state", moderation::to_string(a->progress.state)}};
}

// Needs first by urgency, then by the first need's rank, then oldest first.
bool before_in_needs(const store::ItemNeeds& a, const store::ItemNeeds& b) {
  const bool ua = a.urgent && a.needs.front() == Need::safeguarding;
  const bool ub = b.urgent && b.needs.front() == Need::safeguarding;
  if (ua != ub) return ua;
  if (a.needs.front() != b.needs.front()) return a.needs.front() < b.needs.front();
  return a.comment_id < b.comment_id;
}

}  // namespace

std::optional<ItemView> parse_item_view(std::string_view name) {
  if (name == "needs") return ItemView::needs;
  if (name == "handled") return ItemView::handled;
  if (name == "closed") return ItemView::closed;
  if (name == "safeguarding") return ItemView::safeguarding;
  return std::nullopt;
}

Json item_json(store::Store& store, const ItemRecord& item, const ItemContext& ctx) {
  const auto& facts = item.facts;
  const auto& actions = facts.actions;
  CommentPart part = read_comment(store.connection(), item.comment_id);

  Json reasons = describe_matches(part.matches, ctx.describe_rule);
  Json needs = Json::array();
  for (Need n : moderation::item_needs(facts)) needs.push_back(moderation::to_string(n));
  Json decisions = Json::array();
  const auto roles = ctx.roles ? ctx.roles(item.school_id) : moderation::ItemRoles{};
  for (auto d : moderation::available_decisions(facts, roles, ctx.now, ctx.undo_window))
    decisions.push_back(moderation::to_string(d));

  Json escalation = nullptr;
  if (const Action* e = latest(actions, ActionKind::escalate)) {
    escalation = action_ref(e);
    const std::string words = ctx.signposting ? ctx.signposting(item.school_id) : std::string();
    escalation["signposting"] = words.empty() ? Json(nullptr) : Json(words);
  }
  Json reply = nullptr;
  if (const Action* r = latest(actions, ActionKind::reply)) {
    reply = action_ref(r);
    reply["text"] = r->text;
  }
  Json deletion = nullptr;
  if (const Action* d = latest(actions, ActionKind::delete_comment)) {
    deletion = action_ref(d);
    deletion["manual"] = d->progress.manual;
    deletion["instructions"] = d->instructions.empty() ? Json(nullptr) : Json(d->instructions);
    const bool waiting = d->progress.state == ActionState::approved && !d->progress.manual &&
                         d->progress.next_attempt_at > ctx.now;
    deletion["undo_until"] = waiting ? Json(iso(d->progress.next_attempt_at)) : Json(nullptr);
  }
  Json failed = Json::array();
  for (auto id : moderation::unresolved_failures(facts))
    if (auto view = action_view(store.connection(), id)) failed.push_back(std::move(view->view));

  moderation::Time updated = item.updated_at;
  for (const auto& a : actions) updated = std::max(updated, a.updated_at);
  const std::string channel = part.comment.value("channel", "");
  const std::string strike_rule = ctx.strike_rule ? ctx.strike_rule(channel) : "";
  return {{"id", item.comment_id},
          {"school", item.school_id},
          {"comment", std::move(part.comment)},
          {"categories", std::move(part.categories)},
          {"urgent", item.urgent},
          {"reasons", std::move(reasons)},
          {"hidden", moderation::is_hidden(actions)},
          {"state", facts.review.open ? "open" : "closed"},
          {"outcome", facts.review.outcome
                          ? Json(std::string(moderation::to_string(*facts.review.outcome)))
                          : Json(nullptr)},
          {"needs", std::move(needs)},
          {"decisions", std::move(decisions)},
          {"escalation", std::move(escalation)},
          {"reply", std::move(reply)},
          {"block", action_ref(latest(actions, ActionKind::block))},
          {"deletion", std::move(deletion)},
          {"failed", std::move(failed)},
          {"strikes", part.strikes},
          {"strike_rule", strike_rule.empty() ? moderation::strike_rule_text({}) : strike_rule},
          {"decided_by", item.decided_by ? Json(*item.decided_by) : Json(nullptr)},
          {"decided_at", time_or_null(facts.review.decided_at)},
          {"note", facts.review.note ? Json(*facts.review.note) : Json(nullptr)},
          {"updated_at", iso(updated)}};
}

Json list_items(store::Store& store, const ItemListRequest& req, const ItemContext& ctx) {
  using Scope = store::ItemSelection::Scope;
  store::ItemSelection sel = req.selection;
  std::vector<ItemRecord> ordered;
  switch (req.view) {
    case ItemView::closed:
    case ItemView::handled: {
      sel.scope = req.view == ItemView::closed ? Scope::closed : Scope::handled;
      sel.before = req.before;
      sel.limit = req.limit + 1;  // one more says whether there is a next page
      ordered = store.items(sel);
      break;
    }
    case ItemView::needs: {
      // Sorted on the needs alone; only the page shown is read in full.
      auto index = store.needs_index(sel);
      std::sort(index.begin(), index.end(), before_in_needs);
      std::size_t start = 0;
      if (req.before)
        for (std::size_t i = 0; i < index.size(); ++i)
          if (index[i].comment_id == *req.before) start = i + 1;
      Json items = Json::array();
      Json next = nullptr;
      for (std::size_t i = start; i < index.size(); ++i) {
        if (int(items.size()) == req.limit) {
          next = index[i - 1].comment_id;
          break;
        }
        if (auto item = store.item(index[i].comment_id))
          items.push_back(item_json(store, *item, ctx));
      }
      return {{"items", std::move(items)}, {"next_before", next}};
    }
    case ItemView::safeguarding: {
      sel.scope = Scope::escalated;
      ordered = store.items(sel);  // newest first
      // Open concerns first (urgent first, then oldest first); closed ones stay newest first.
      std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        const bool oa = moderation::escalation_open(a.facts.actions);
        const bool ob = moderation::escalation_open(b.facts.actions);
        if (oa != ob) return oa;
        if (!oa) return false;
        if (a.urgent != b.urgent) return a.urgent;
        return a.comment_id < b.comment_id;
      });
      break;
    }
  }
  // Views ordered here page by position: `before` is the last id already shown.
  std::size_t start = 0;
  if (req.before && req.view == ItemView::safeguarding)
    for (std::size_t i = 0; i < ordered.size(); ++i)
      if (ordered[i].comment_id == *req.before) start = i + 1;
  Json items = Json::array();
  Json next = nullptr;
  for (std::size_t i = start; i < ordered.size(); ++i) {
    if (int(items.size()) == req.limit) {
      next = ordered[i - 1].comment_id;
      break;
    }
    items.push_back(item_json(store, ordered[i], ctx));
  }
  return {{"items", std::move(items)}, {"next_before", next}};
}

Json item_summary(store::Store& store, const std::optional<std::set<std::string>>& schools) {
  store::ItemSelection sel;
  sel.schools = schools;
  std::int64_t needs = 0, urgent = 0, safeguarding = 0, failed = 0;
  for (const auto& r : store.needs_index(sel)) {
    ++needs;
    const bool concern = r.needs.front() == Need::safeguarding;
    safeguarding += concern;
    urgent += concern && r.urgent;
    failed += std::find(r.needs.begin(), r.needs.end(), Need::failed) != r.needs.end();
  }
  sel.scope = store::ItemSelection::Scope::handled;
  return {{"needs", needs},
          {"urgent", urgent},
          {"safeguarding", safeguarding},
          {"handled", store.count_items(sel)},
          {"failed", failed},
          {"changed", store.item_changes()}};
}

}  // namespace hm::console
