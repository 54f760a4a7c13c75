#include "store/store.hpp"

#include <stdexcept>

#include "moderation/capabilities.hpp"
#include "store/migrations.hpp"
#include "store/sha256.hpp"

namespace hm::store {
namespace fs = std::filesystem;
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;

namespace {

std::int64_t seconds(Time t) {
  return t.time_since_epoch().count();
}
Time from_seconds(std::int64_t s) {
  return Time(std::chrono::seconds(s));
}

std::string categories_text(const moderation::CategorySet& set) {
  std::string out;
  for (auto c : set.list()) {
    if (!out.empty()) out += ",";
    out += filters::to_string(c);
  }
  return out;
}

nlohmann::json matches_json(const moderation::Verdict& verdict) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : verdict.matches)
    out.push_back({{"rule", m.rule},
                   {"category", filters::to_string(m.category)},
                   {"severity", m.severity},
                   {"start", m.start},
                   {"end", m.end}});
  return out;
}

constexpr std::string_view kActionColumns =
    "SELECT id, comment_id, kind, state, attempts, next_attempt_at, manual, "
    "COALESCE(text, ''), COALESCE(instructions, ''), reason FROM actions ";

Action read_action(const Statement& s) {
  Action a;
  a.id = s.int64(0);
  a.comment_id = s.int64(1);
  a.kind = moderation::parse_action_kind(s.text(2)).value_or(ActionKind::hide);
  a.progress.state = moderation::parse_action_state(s.text(3)).value_or(ActionState::failed);
  a.progress.attempts = int(s.int64(4));
  a.progress.next_attempt_at = from_seconds(s.int64(5));
  a.progress.manual = s.int64(6) != 0;
  a.text = s.text(7);
  a.instructions = s.text(8);
  a.reason = s.text(9);
  return a;
}

std::vector<Action> read_actions(Statement& s) {
  std::vector<Action> out;
  while (s.step()) out.push_back(read_action(s));
  return out;
}

std::string subject(std::string_view kind, std::int64_t id) {
  return std::string(kind) + ":" + std::to_string(id);
}

}  // namespace

std::string quick_check(Connection& connection) {
  std::string result;
  Statement s = connection.prepare("PRAGMA quick_check");
  while (s.step()) {
    if (!result.empty()) result += "; ";
    result += s.text(0);
  }
  return result;
}

Connection open_reader(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw StoreError("no database at " + file.string() +
                     " (has hallmonitord run with this state_dir?)");
  Connection c(file, Connection::Mode::reader);
  const int version = schema_version(c);
  if (version != latest_schema_version())
    throw StoreError("database " + file.string() + " has schema version " +
                     std::to_string(version) + "; this build needs " +
                     std::to_string(latest_schema_version()) +
                     " (start hallmonitord once to migrate it)");
  return c;
}

Store::Store(const fs::path& file, StoreOptions options)
    : conn_(file, Connection::Mode::writer), options_(options) {
  std::string check;
  try {
    check = quick_check(conn_);
  } catch (const CorruptDatabase& e) {
    throw CorruptDatabase("refusing to start: " + std::string(e.what()) +
                          ". Restore it from a backup or move it aside.");
  }
  if (check != "ok")
    throw CorruptDatabase("refusing to start: database " + file.string() +
                          " failed PRAGMA quick_check: " + check +
                          ". Restore it from a backup or move it aside.");
  {
    Statement mode = conn_.prepare("PRAGMA journal_mode=WAL");
    if (!mode.step() || mode.text(0) != "wal")
      throw StoreError("cannot put " + file.string() + " in WAL mode");
  }
  conn_.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!options_.run_checkpoints) conn_.disable_checkpoints();
  migrate(conn_);
}

void Store::upsert_school(std::string_view id, std::string_view name) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(
          "INSERT INTO schools (id, name) VALUES (?, ?) "
          "ON CONFLICT (id) DO UPDATE SET name = excluded.name")
      .bind_all(id, name)
      .run();
  tx.commit();
}

void Store::upsert_channel(const ChannelInfo& c) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(
          "INSERT INTO channels (id, school_id, platform, account_id) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (id) DO UPDATE SET school_id = excluded.school_id, "
          "platform = excluded.platform, account_id = excluded.account_id")
      .bind_all(c.id, c.school_id, moderation::to_string(c.platform), c.account_id)
      .run();
  tx.commit();
}

std::optional<std::string> Store::cursor(std::string_view channel_id) {
  Statement s = conn_.prepare("SELECT cursor FROM poll_cursors WHERE channel_id = ?");
  s.bind(1, channel_id);
  if (s.step()) return s.text(0);
  return std::nullopt;
}

void Store::set_cursor(std::string_view channel_id, std::string_view cursor, Time now) {
  WriteTransaction tx(conn_);
  conn_
      .prepare(
          "INSERT INTO poll_cursors (channel_id, cursor, updated_at) VALUES (?, ?, ?) "
          "ON CONFLICT (channel_id) DO UPDATE SET cursor = excluded.cursor, "
          "updated_at = excluded.updated_at")
      .bind_all(channel_id, cursor, seconds(now))
      .run();
  tx.commit();
}

std::vector<IngestResult> Store::ingest(std::span<const moderation::Comment> comments, Time now) {
  std::vector<IngestResult> results;
  results.reserve(comments.size());
  WriteTransaction tx(conn_);
  for (const auto& c : comments) {
    IngestResult r;
    const std::string text_hash = sha256_hex(c.text);
    std::optional<std::int64_t> edited;
    if (c.edited_at) edited = seconds(*c.edited_at);
    bool erased = false;
    {
      Statement find = conn_.prepare(
          "SELECT id, erased_at IS NOT NULL FROM comments "
          "WHERE channel_id = ? AND platform_comment_id = ?");
      find.bind_all(c.channel_id, c.platform_comment_id);
      if (find.step()) {
        r.comment_id = find.int64(0);
        erased = find.int64(1) != 0;
      }
    }
    if (r.comment_id == 0) {
      conn_
          .prepare(
              "INSERT INTO comments (channel_id, platform_comment_id, parent_platform_id, "
              "author_id, author_name, permalink, created_at, first_seen_at) "
              "VALUES (?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?)")
          .bind_all(c.channel_id, c.platform_comment_id, c.parent_platform_id, c.author_id,
                    c.author_name, c.permalink, seconds(c.created_at), seconds(now))
          .run();
      r.comment_id = conn_.last_insert_rowid();
    } else {
      Statement latest = conn_.prepare(
          "SELECT id, version, text_sha256 FROM comment_versions WHERE comment_id = ? "
          "ORDER BY version DESC LIMIT 1");
      latest.bind(1, r.comment_id);
      if (latest.step()) {
        r.version_id = latest.int64(0);
        r.version = int(latest.int64(1));
        // An erased author's comment is not collected again: the request covers it.
        if (erased || latest.text(2) == text_hash) {
          results.push_back(r);
          continue;
        }
      }
    }
    conn_
        .prepare(
            "INSERT INTO comment_versions (comment_id, version, text, text_sha256, edited_at, "
            "seen_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(r.comment_id, r.version + 1, c.text, text_hash, edited, seconds(now))
        .run();
    r.version_id = conn_.last_insert_rowid();
    r.version += 1;
    r.needs_classification = true;
    results.push_back(r);
  }
  tx.commit();
  return results;
}

std::int64_t Store::insert_action(std::int64_t comment_id, std::optional<std::int64_t> verdict_id,
                                  std::optional<std::int64_t> undoes,
                                  const moderation::ProposedAction& p, std::string_view actor,
                                  Time now) {
  std::optional<std::string> text, instructions;
  if (!p.text.empty()) text = p.text;
  if (!p.instructions.empty()) instructions = p.instructions;
  conn_
      .prepare(
          "INSERT INTO actions (comment_id, verdict_id, undoes_action_id, kind, manual, state, "
          "text, instructions, reason, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(comment_id, verdict_id, undoes, moderation::to_string(p.kind), int(p.manual),
                moderation::to_string(p.initial_state), text, instructions, p.reason, seconds(now),
                seconds(now))
      .run();
  const std::int64_t id = conn_.last_insert_rowid();
  conn_
      .prepare(
          "INSERT INTO action_transitions (action_id, from_state, to_state, event, attempt, "
          "actor, reason, at) VALUES (?, NULL, ?, 'create', 0, ?, ?, ?)")
      .bind_all(id, moderation::to_string(p.initial_state), actor, p.reason, seconds(now))
      .run();
  nlohmann::json detail{{"comment", comment_id},
                        {"kind", moderation::to_string(p.kind)},
                        {"state", moderation::to_string(p.initial_state)},
                        {"manual", p.manual},
                        {"reason", p.reason}};
  if (undoes) detail["undoes_action"] = *undoes;
  append_audit(conn_, {now, std::string(actor), "action.created", subject("action", id), detail});
  return id;
}

void Store::update_resolution(std::int64_t comment_id, Time now) {
  Statement open = conn_.prepare(
      "SELECT COUNT(*) FROM actions WHERE comment_id = ? "
      "AND state NOT IN ('done', 'failed', 'rejected')");
  open.bind(1, comment_id);
  open.step();
  if (open.int64(0) == 0)
    conn_
        .prepare(
            "UPDATE comments SET resolved_at = ? WHERE id = ? AND flagged = 1 "
            "AND resolved_at IS NULL")
        .bind_all(seconds(now), comment_id)
        .run();
  else
    conn_.prepare("UPDATE comments SET resolved_at = NULL WHERE id = ?").bind(1, comment_id).run();
}

std::vector<RecordedVerdict> Store::record_verdicts(std::span<const ClassifiedVersion> items,
                                                    Time now) {
  std::vector<RecordedVerdict> results;
  results.reserve(items.size());
  WriteTransaction tx(conn_);
  for (const auto& item : items) {
    RecordedVerdict out;
    std::int64_t comment_id = 0;
    int version = 0;
    std::string channel_id, author_id, platform_name;
    {
      Statement s = conn_.prepare(
          "SELECT c.id, v.version, c.channel_id, c.author_id, ch.platform "
          "FROM comment_versions v JOIN comments c ON c.id = v.comment_id "
          "JOIN channels ch ON ch.id = c.channel_id WHERE v.id = ?");
      s.bind(1, item.version_id);
      if (!s.step())
        throw StoreError("record_verdicts: no comment version " + std::to_string(item.version_id));
      comment_id = s.int64(0);
      version = int(s.int64(1));
      channel_id = s.text(2);
      author_id = s.text(3);
      platform_name = s.text(4);
    }
    conn_
        .prepare(
            "INSERT OR IGNORE INTO verdicts (version_id, categories, matches, decided_at) "
            "VALUES (?, ?, ?, ?)")
        .bind_all(item.version_id, categories_text(item.verdict.categories),
                  matches_json(item.verdict).dump(), seconds(now))
        .run();
    if (conn_.changes() == 0) {  // replayed after a crash or by a second caller
      results.push_back(out);
      continue;
    }
    out.verdict_id = conn_.last_insert_rowid();
    if (item.verdict.clean()) {
      results.push_back(out);
      continue;
    }
    conn_.prepare("UPDATE comments SET flagged = 1 WHERE id = ?").bind(1, comment_id).run();
    if (!item.policy)
      throw std::invalid_argument("record_verdicts: a flagged verdict needs a policy");

    const auto& policy = *item.policy;
    moderation::AuthorStanding standing;
    {
      Statement s = conn_.prepare(
          "SELECT COUNT(*) FROM strikes WHERE channel_id = ? AND author_id = ? AND at >= ?");
      s.bind_all(channel_id, author_id, seconds(moderation::window_start(policy.strikes, now)));
      s.step();
      standing.strikes_in_window = int(s.int64(0));
    }
    {
      Statement s = conn_.prepare("SELECT 1 FROM strikes WHERE comment_id = ?");
      s.bind(1, comment_id);
      standing.comment_has_strike = s.step();
    }
    {
      Statement s = conn_.prepare(
          "SELECT 1 FROM actions a JOIN comments c ON c.id = a.comment_id "
          "WHERE c.channel_id = ? AND c.author_id = ? AND a.kind = 'block' "
          "AND a.state NOT IN ('rejected', 'failed') LIMIT 1");
      s.bind_all(channel_id, author_id);
      standing.block_open = s.step();
    }
    const auto platform =
        moderation::parse_platform(platform_name).value_or(moderation::Platform::facebook);
    const moderation::Decision decision =
        moderation::decide(policy, platform, item.verdict, standing);

    nlohmann::json rules = nlohmann::json::array();
    for (const auto& m : item.verdict.matches) rules.push_back(m.rule);
    append_audit(conn_, {now,
                         "policy",
                         "comment.flagged",
                         subject("comment", comment_id),
                         {{"version", version},
                          {"verdict", out.verdict_id},
                          {"categories", categories_text(item.verdict.categories)},
                          {"rules", rules}}});
    if (decision.strike.add_strike) {
      conn_
          .prepare(
              "INSERT INTO strikes (channel_id, author_id, comment_id, at) VALUES (?, ?, ?, ?)")
          .bind_all(channel_id, author_id, comment_id, seconds(now))
          .run();
      out.strike_added = true;
      append_audit(conn_, {now,
                           "policy",
                           "author.strike",
                           subject("comment", comment_id),
                           {{"strikes_in_window", decision.strike.strikes_in_window},
                            {"threshold", policy.strikes.threshold},
                            {"window_days", policy.strikes.window.count()}}});
    }
    for (const auto& proposed : decision.actions) {
      if (proposed.kind != ActionKind::block) {
        // An edit that is flagged again must not queue the same step twice.
        Statement dup = conn_.prepare(
            "SELECT 1 FROM actions a WHERE a.comment_id = ? AND a.kind = ? "
            "AND a.state NOT IN ('rejected', 'failed') AND NOT EXISTS (SELECT 1 FROM actions u "
            "WHERE u.undoes_action_id = a.id AND u.state = 'done') LIMIT 1");
        dup.bind_all(comment_id, moderation::to_string(proposed.kind));
        if (dup.step()) continue;
      }
      out.action_ids.push_back(
          insert_action(comment_id, out.verdict_id, std::nullopt, proposed, "policy", now));
    }
    update_resolution(comment_id, now);
    results.push_back(std::move(out));
  }
  tx.commit();
  return results;
}

std::optional<Action> Store::load_action(std::int64_t action_id) {
  Statement s = conn_.prepare(std::string(kActionColumns) + "WHERE id = ?");
  s.bind(1, action_id);
  if (!s.step()) return std::nullopt;
  return read_action(s);
}

Expected<Action, std::string> Store::apply_transition(Action action,
                                                      const moderation::ActionEvent& event,
                                                      std::string_view actor,
                                                      std::string_view reason, Time now) {
  auto next = moderation::resume(action.progress, event, options_.retry);
  if (!next) return unexpected("action " + std::to_string(action.id) + ": " + next.error().message);
  const ActionState from = action.progress.state;
  action.progress = *next;
  std::optional<std::string> outcome;
  if (std::holds_alternative<moderation::event::AlreadyGone>(event))
    outcome = "already gone from the platform";
  conn_
      .prepare(
          "UPDATE actions SET state = ?, attempts = ?, next_attempt_at = ?, "
          "outcome = COALESCE(?, outcome), updated_at = ? WHERE id = ?")
      .bind_all(moderation::to_string(action.progress.state), action.progress.attempts,
                seconds(action.progress.next_attempt_at), outcome, seconds(now), action.id)
      .run();
  const std::string_view event_name = moderation::event_name(event);
  conn_
      .prepare(
          "INSERT INTO action_transitions (action_id, from_state, to_state, event, attempt, "
          "actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(action.id, moderation::to_string(from),
                moderation::to_string(action.progress.state), event_name, action.progress.attempts,
                actor, reason, seconds(now))
      .run();
  nlohmann::json detail{{"from", moderation::to_string(from)},
                        {"to", moderation::to_string(action.progress.state)},
                        {"event", event_name},
                        {"attempt", action.progress.attempts},
                        {"reason", reason}};
  if (action.progress.state == ActionState::approved && action.progress.attempts > 0)
    detail["next_attempt_at"] = seconds(action.progress.next_attempt_at);
  append_audit(
      conn_, {now, std::string(actor), "action.transition", subject("action", action.id), detail});
  if (moderation::is_terminal(action.progress.state)) update_resolution(action.comment_id, now);
  return action;
}

Expected<Action, std::string> Store::transition(std::int64_t action_id,
                                                const moderation::ActionEvent& event,
                                                std::string_view actor, std::string_view reason,
                                                Time now) {
  WriteTransaction tx(conn_);
  auto action = load_action(action_id);
  if (!action) return unexpected("no action " + std::to_string(action_id));
  auto result = apply_transition(*action, event, actor, reason, now);
  if (result) tx.commit();
  return result;
}

Expected<Action, std::string> Store::undo_hide(std::int64_t hide_action_id, std::string_view actor,
                                               std::string_view reason, Time now) {
  WriteTransaction tx(conn_);
  auto hide = load_action(hide_action_id);
  if (!hide) return unexpected("no action " + std::to_string(hide_action_id));
  if (hide->kind != ActionKind::hide || hide->progress.state != ActionState::done)
    return unexpected("action " + std::to_string(hide_action_id) +
                      " is not a completed hide, so there is nothing to undo");
  {
    Statement s = conn_.prepare(
        "SELECT id FROM actions WHERE undoes_action_id = ? "
        "AND state NOT IN ('rejected', 'failed')");
    s.bind(1, hide_action_id);
    if (s.step())
      return unexpected("action " + std::to_string(hide_action_id) +
                        " is already undone by action " + std::to_string(s.int64(0)));
  }
  std::string platform_name;
  {
    Statement s = conn_.prepare(
        "SELECT ch.platform FROM comments c JOIN channels ch ON ch.id = c.channel_id "
        "WHERE c.id = ?");
    s.bind(1, hide->comment_id);
    if (s.step()) platform_name = s.text(0);
  }
  const auto platform =
      moderation::parse_platform(platform_name).value_or(moderation::Platform::facebook);
  moderation::ProposedAction unhide;
  unhide.kind = ActionKind::unhide;
  unhide.initial_state = ActionState::approved;  // a moderator asked for it: that is approval
  unhide.reason = std::string(reason);
  if (!moderation::can_automate(platform, ActionKind::unhide)) {
    unhide.manual = true;
    unhide.instructions = moderation::manual_instructions(platform, ActionKind::unhide);
  }
  const std::int64_t id =
      insert_action(hide->comment_id, std::nullopt, hide_action_id, unhide, actor, now);
  update_resolution(hide->comment_id, now);
  auto created = load_action(id);
  tx.commit();
  return *created;
}

std::optional<Action> Store::action(std::int64_t action_id) {
  return load_action(action_id);
}

std::vector<Action> Store::actions_for_comment(std::int64_t comment_id) {
  Statement s = conn_.prepare(std::string(kActionColumns) + "WHERE comment_id = ? ORDER BY id");
  s.bind(1, comment_id);
  return read_actions(s);
}

std::vector<Action> Store::actions_in_state(ActionState state, int limit) {
  Statement s = conn_.prepare(std::string(kActionColumns) + "WHERE state = ? ORDER BY id LIMIT ?");
  s.bind_all(moderation::to_string(state), limit);
  return read_actions(s);
}

std::vector<Action> Store::due_actions(Time now, int limit) {
  Statement s = conn_.prepare(std::string(kActionColumns) +
                              "WHERE state = 'approved' AND manual = 0 AND next_attempt_at <= ? "
                              "ORDER BY next_attempt_at, id LIMIT ?");
  s.bind_all(seconds(now), limit);
  return read_actions(s);
}

std::optional<moderation::PlatformAction> Store::platform_action(std::int64_t action_id) {
  Statement s = conn_.prepare(
      "SELECT a.kind, a.attempts, ch.platform, c.channel_id, c.platform_comment_id, c.author_id, "
      "COALESCE(a.text, '') FROM actions a JOIN comments c ON c.id = a.comment_id "
      "JOIN channels ch ON ch.id = c.channel_id WHERE a.id = ?");
  s.bind(1, action_id);
  if (!s.step()) return std::nullopt;
  moderation::PlatformAction p;
  p.action_id = action_id;
  p.kind = moderation::parse_action_kind(s.text(0)).value_or(ActionKind::hide);
  p.attempt = int(s.int64(1));
  p.platform = moderation::parse_platform(s.text(2)).value_or(moderation::Platform::facebook);
  p.channel_id = s.text(3);
  p.comment_id = s.text(4);
  p.author_id = s.text(5);
  p.text = s.text(6);
  return p;
}

PurgeReport Store::purge_expired(const RetentionRule& rule, Time now) {
  PurgeReport report;
  const std::int64_t day = 86400;
  const std::int64_t clean_cutoff = seconds(now) - rule.clean_days * day;
  const std::int64_t evidence_cutoff = seconds(now) - rule.evidence_days * day;
  WriteTransaction tx(conn_);
  // Per version, so that an edit arriving later keeps its own full period. The text hash
  // stays: it keeps ingest idempotent for a comment still on the platform.
  conn_
      .prepare(
          "UPDATE comment_versions SET text = NULL WHERE text IS NOT NULL AND seen_at <= ?1 "
          "AND comment_id IN (SELECT id FROM comments WHERE flagged = 0 AND first_seen_at <= ?1)")
      .bind(1, clean_cutoff)
      .run();
  report.versions = conn_.changes();
  conn_
      .prepare(
          "UPDATE comment_versions SET text = NULL WHERE text IS NOT NULL AND comment_id IN "
          "(SELECT id FROM comments WHERE flagged = 1 AND resolved_at <= ?)")
      .bind(1, evidence_cutoff)
      .run();
  report.versions += conn_.changes();
  conn_
      .prepare(
          "UPDATE comments SET purged_at = ?, author_name = NULL "
          "WHERE flagged = 0 AND purged_at IS NULL AND first_seen_at <= ?")
      .bind_all(seconds(now), clean_cutoff)
      .run();
  report.clean_comments = conn_.changes();
  conn_
      .prepare(
          "UPDATE comments SET purged_at = ?, author_name = NULL "
          "WHERE flagged = 1 AND purged_at IS NULL AND resolved_at <= ?")
      .bind_all(seconds(now), evidence_cutoff)
      .run();
  report.evidence_comments = conn_.changes();
  if (report.versions + report.clean_comments + report.evidence_comments > 0)
    append_audit(conn_, {now,
                         "retention",
                         "retention.purge",
                         "retention",
                         {{"clean_comments", report.clean_comments},
                          {"evidence_comments", report.evidence_comments},
                          {"versions", report.versions},
                          {"clean_days", rule.clean_days},
                          {"evidence_days", rule.evidence_days}}});
  tx.commit();
  return report;
}

ErasureReport Store::erase_author(moderation::Platform platform, std::string_view author_id,
                                  std::string_view actor, Time now) {
  ErasureReport report;
  const std::string platform_name(moderation::to_string(platform));
  WriteTransaction tx(conn_);
  {
    Statement s = conn_.prepare(
        "SELECT c.id FROM comments c JOIN channels ch ON ch.id = c.channel_id "
        "WHERE ch.platform = ? AND c.author_id = ? ORDER BY c.id");
    s.bind_all(platform_name, author_id);
    while (s.step()) report.comment_ids.push_back(s.int64(0));
  }
  for (std::int64_t id : report.comment_ids) {
    // A proposed block would otherwise target an author the store no longer knows.
    Statement blocks =
        conn_.prepare(std::string(kActionColumns) +
                      "WHERE comment_id = ? AND kind = 'block' AND state = 'proposed'");
    blocks.bind(1, id);
    for (const Action& block : read_actions(blocks)) {
      if (apply_transition(block, moderation::event::Reject{}, actor,
                           "the author's data was erased on request", now))
        ++report.blocks_withdrawn;
    }
    conn_
        .prepare("UPDATE comment_versions SET text = NULL, text_sha256 = NULL WHERE comment_id = ?")
        .bind(1, id)
        .run();
    conn_
        .prepare(
            "UPDATE comments SET author_id = '[erased]', author_name = NULL, permalink = NULL, "
            "erased_at = ? WHERE id = ?")
        .bind_all(seconds(now), id)
        .run();
  }
  conn_
      .prepare(
          "DELETE FROM strikes WHERE author_id = ? "
          "AND channel_id IN (SELECT id FROM channels WHERE platform = ?)")
      .bind_all(author_id, platform_name)
      .run();
  report.strikes_removed = conn_.changes();
  // Who asked, when, and which rows: never the author's id, name or words.
  append_audit(conn_, {now,
                       std::string(actor),
                       "author.erased",
                       "erasure",
                       {{"platform", platform_name},
                        {"comments", report.comment_ids},
                        {"strikes_removed", report.strikes_removed},
                        {"blocks_withdrawn", report.blocks_withdrawn}}});
  tx.commit();
  return report;
}

}  // namespace hm::store
