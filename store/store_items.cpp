// The Store's items (issue 12): one flagged comment with its actions, strike and review, read
// for moderation/item_decision and changed by one decision in one transaction.
#include <array>

#include "store/learning_examples.hpp"
#include "store/store.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
using moderation::ActionKind;
using moderation::ItemOutcome;

using namespace detail;

namespace {

// Every item read starts from its review, comment and channel.
constexpr std::string_view kItemSelect = R"sql(
SELECT r.comment_id, ch.school_id, ch.id, ch.platform, r.state, r.outcome, r.note,
       r.decided_by, r.decided_at, r.updated_at,
       EXISTS (SELECT 1 FROM comment_versions v JOIN verdicts vd ON vd.version_id = v.id
               WHERE v.comment_id = r.comment_id AND vd.urgency = 'risk_to_life'),
       EXISTS (SELECT 1 FROM strikes s WHERE s.comment_id = r.comment_id)
FROM reviews r
JOIN comments c ON c.id = r.comment_id
JOIN channels ch ON ch.id = c.channel_id
)sql";

ItemRecord read_item_row(const Statement& s) {
  ItemRecord r;
  r.comment_id = s.int64(0);
  r.school_id = s.text(1);
  r.channel_id = s.text(2);
  r.facts.platform = stored_platform(s.text(3));
  r.facts.review.open = s.text(4) == "open";
  if (!s.is_null(5))
    r.facts.review.outcome =
        parse_stored(moderation::parse_item_outcome(s.text(5)), "item outcome", s.text(5));
  if (!s.is_null(6)) r.facts.review.note = s.text(6);
  if (!s.is_null(7)) r.decided_by = s.text(7);
  if (!s.is_null(8)) r.facts.review.decided_at = from_seconds(s.int64(8));
  r.updated_at = from_seconds(s.int64(9));
  r.urgent = s.int64(10) != 0;
  r.facts.has_strike = s.int64(11) != 0;
  return r;
}

std::string in_list(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out + ")";
}

}  // namespace

std::optional<ItemRecord> Store::item(std::int64_t comment_id) {
  Statement s = conn_.prepare(std::string(kItemSelect) + "WHERE r.comment_id = ?");
  s.bind(1, comment_id);
  if (!s.step()) return std::nullopt;
  ItemRecord r = read_item_row(s);
  r.facts.actions = actions_for_comment(comment_id);
  return r;
}

namespace {

constexpr std::array<moderation::Need, 5> kNeeds = {
    moderation::Need::safeguarding, moderation::Need::failed, moderation::Need::reply,
    moderation::Need::block, moderation::Need::delete_comment};

// One of moderation::item_needs's rules as SQL over one review `r` (store_items_test checks
// they agree): an escalation open; a failure after the last decision that no newer live action
// of its kind took over; a reply, block or deletion proposed. Only enum names, never input.
std::string need_sql(moderation::Need need) {
  using moderation::ActionState;
  using moderation::Need;
  auto q = [](auto e) { return "'" + std::string(moderation::to_string(e)) + "'"; };
  const std::string exists = "EXISTS (SELECT 1 FROM actions n WHERE n.comment_id = r.comment_id ";
  switch (need) {
    case Need::safeguarding:
      return exists + "AND n.kind = " + q(ActionKind::escalate) + " AND n.state IN (" +
             q(ActionState::proposed) + ", " + q(ActionState::approved) + "))";
    case Need::failed:
      return exists + "AND n.state = " + q(ActionState::failed) +
             " AND n.updated_at > COALESCE(r.decided_at, -1) AND NOT EXISTS (SELECT 1 FROM "
             "actions b WHERE b.comment_id = n.comment_id AND b.kind = n.kind AND b.id > n.id "
             "AND b.state NOT IN (" +
             sql_given_up_states() + ")))";
    case Need::reply:
    case Need::block:
    case Need::delete_comment: {
      const ActionKind kind = need == Need::reply   ? ActionKind::reply
                              : need == Need::block ? ActionKind::block
                                                    : ActionKind::delete_comment;
      return exists + "AND n.kind = " + q(kind) + " AND n.state = " + q(ActionState::proposed) +
             ")";
    }
  }
  return "0";
}

std::string has_need_sql() {
  std::string out = "(";
  for (auto n : kNeeds) out += (out.size() > 1 ? " OR " : "") + need_sql(n);
  return out + ")";
}

struct ItemWhere {
  std::string sql;
  std::vector<std::string> args;
};

ItemWhere item_where(const ItemSelection& sel, bool paged) {
  using Scope = ItemSelection::Scope;
  std::vector<std::string> where;
  ItemWhere out;
  switch (sel.scope) {
    case Scope::needs:
      where.push_back(has_need_sql());
      break;
    case Scope::handled:
      where.push_back("r.state = 'open' AND NOT " + has_need_sql());
      break;
    case Scope::closed:
      where.push_back("r.state = 'closed'");
      break;
    case Scope::escalated:
      where.push_back(
          "EXISTS (SELECT 1 FROM actions e WHERE e.comment_id = r.comment_id AND e.kind = ?)");
      out.args.emplace_back(moderation::to_string(ActionKind::escalate));
      break;
  }
  if (sel.schools) {
    where.push_back("ch.school_id IN " + in_list(sel.schools->size()));
    out.args.insert(out.args.end(), sel.schools->begin(), sel.schools->end());
  }
  if (sel.school) {
    where.push_back("ch.school_id = ?");
    out.args.push_back(*sel.school);
  }
  if (sel.channel) {
    where.push_back("ch.id = ?");
    out.args.push_back(*sel.channel);
  }
  if (paged && sel.before) where.push_back("r.comment_id < " + std::to_string(*sel.before));
  for (std::size_t i = 0; i < where.size(); ++i) out.sql += (i ? " AND " : "WHERE ") + where[i];
  return out;
}

}  // namespace

std::vector<ItemRecord> Store::items(const ItemSelection& sel) {
  if (sel.schools && sel.schools->empty()) return {};
  const ItemWhere where = item_where(sel, true);
  std::string sql = std::string(kItemSelect) + where.sql + " ORDER BY r.comment_id DESC";
  if (sel.limit > 0) sql += " LIMIT " + std::to_string(sel.limit);
  Statement s = conn_.prepare(sql);
  for (std::size_t i = 0; i < where.args.size(); ++i) s.bind(int(i + 1), where.args[i]);
  std::vector<ItemRecord> out;
  while (s.step()) out.push_back(read_item_row(s));
  for (auto& r : out) r.facts.actions = actions_for_comment(r.comment_id);
  return out;
}

std::vector<ItemNeeds> Store::needs_index(ItemSelection sel) {
  if (sel.schools && sel.schools->empty()) return {};
  sel.scope = ItemSelection::Scope::needs;
  const ItemWhere where = item_where(sel, false);
  std::string sql =
      "SELECT r.comment_id, EXISTS (SELECT 1 FROM comment_versions v JOIN verdicts vd "
      "ON vd.version_id = v.id WHERE v.comment_id = r.comment_id "
      "AND vd.urgency = 'risk_to_life')";
  for (auto n : kNeeds) sql += ", " + need_sql(n);
  sql +=
      " FROM reviews r JOIN comments c ON c.id = r.comment_id JOIN channels ch ON ch.id = "
      "c.channel_id " +
      where.sql + " ORDER BY r.comment_id DESC";
  Statement s = conn_.prepare(sql);
  for (std::size_t i = 0; i < where.args.size(); ++i) s.bind(int(i + 1), where.args[i]);
  std::vector<ItemNeeds> out;
  while (s.step()) {
    ItemNeeds row{s.int64(0), s.int64(1) != 0, {}};
    for (std::size_t i = 0; i < kNeeds.size(); ++i)
      if (s.int64(int(i) + 2) != 0) row.needs.push_back(kNeeds[i]);
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t Store::count_items(const ItemSelection& sel) {
  if (sel.schools && sel.schools->empty()) return 0;
  const ItemWhere where = item_where(sel, false);
  Statement s = conn_.prepare(
      "SELECT COUNT(*) FROM reviews r JOIN comments c ON c.id = r.comment_id "
      "JOIN channels ch ON ch.id = c.channel_id " +
      where.sql);
  for (std::size_t i = 0; i < where.args.size(); ++i) s.bind(int(i + 1), where.args[i]);
  s.step();
  return s.int64(0);
}

std::int64_t Store::item_changes() {
  Statement s = conn_.prepare("SELECT count FROM item_changes WHERE id = 1");
  return s.step() ? s.int64(0) : 0;
}

ItemDecided Store::decide_item(std::int64_t comment_id, const moderation::ItemRoles& roles,
                               const moderation::ItemRequest& request, std::string_view actor,
                               Time now, std::chrono::seconds undo_window, bool apply) {
  WriteTransaction tx(conn_);
  auto record = item(comment_id);
  if (!record) return unexpected(moderation::Refusal{404, "no such item"});
  auto steps = moderation::decide_item(record->facts, roles, request, now, undo_window);
  if (!steps || !apply) return steps;
  const std::string decision(moderation::to_string(request.decision));
  for (const auto& step : steps->events) {
    auto action = load_action(step.action_id);
    if (!action) throw StoreError("item " + std::to_string(comment_id) + " lost an action");
    if (step.text) {
      conn_.prepare("UPDATE actions SET text = ?, updated_at = ? WHERE id = ?")
          .bind_all(*step.text, seconds(now), step.action_id)
          .run();
      append_audit(conn_, {now,
                           std::string(actor),
                           "action.text_edited",
                           subject("action", step.action_id),
                           {{"from", action->text}, {"to", *step.text}}});
      action->text = *step.text;
    }
    auto moved = apply_transition(*action, step.event, actor, "item: " + decision, now);
    // decide_item only proposes events its own facts allow; anything else is a bug here.
    if (!moved) throw StoreError("item " + std::to_string(comment_id) + ": " + moved.error());
  }
  for (const auto& created : steps->create) {
    std::optional<std::int64_t> undoes;
    if (created.action.kind == ActionKind::unhide)
      for (const auto& a : record->facts.actions)
        if (a.kind == ActionKind::hide && a.progress.state == moderation::ActionState::done)
          undoes = a.id;
    insert_action(comment_id, std::nullopt, undoes, created.action, actor, now, created.due_at);
  }
  if (steps->withdraw_strike) {
    conn_.prepare("DELETE FROM strikes WHERE comment_id = ?").bind(1, comment_id).run();
    if (conn_.changes() > 0)
      append_audit(conn_, {now,
                           std::string(actor),
                           "author.strike_withdrawn",
                           subject("comment", comment_id),
                           {{"decision", decision}}});
  }
  const auto& review = steps->review;
  std::optional<std::string> outcome;
  if (review.outcome) outcome = std::string(moderation::to_string(*review.outcome));
  conn_
      .prepare(
          "UPDATE reviews SET state = ?, outcome = ?, note = ?, decided_by = ?, decided_at = ?, "
          "updated_at = ? WHERE comment_id = ?")
      .bind_all(review.open ? "open" : "closed", outcome, review.note, actor, seconds(now),
                seconds(now), comment_id)
      .run();
  // The note may hold what a safeguarding lead learnt: it stays in the review, not the log.
  nlohmann::json detail{{"decision", decision},
                        {"state", review.open ? "open" : "closed"},
                        {"outcome", outcome ? nlohmann::json(*outcome) : nlohmann::json()},
                        {"note", review.note.has_value()}};
  append_audit(conn_,
               {now, std::string(actor), "item.decided", subject("comment", comment_id), detail});
  // A closing decision is a label for the learned model (store/learning_examples.hpp).
  if (!review.open) {
    const auto links = trusted_links_.find(record->school_id);
    record_learning_example(
        conn_, comment_id, review.outcome, now,
        links == trusted_links_.end() ? std::vector<std::string>{} : links->second);
  }
  update_resolution(comment_id, now);
  tx.commit();
  return steps;
}

}  // namespace hm::store
