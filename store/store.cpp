#include "store/store.hpp"

#include <stdexcept>

#include "moderation/capabilities.hpp"
#include "store/migrations.hpp"
#include "store/sha256.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
namespace fs = std::filesystem;
using moderation::Action;
using moderation::ActionKind;
using moderation::ActionState;

using namespace detail;

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
    // The alert commits with the verdict or not at all (the outbox pattern).
    if (item.verdict.categories.contains(filters::Category::safeguarding))
      out.alert_queued = queue_alert(comment_id, channel_id, now);

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

Store::PollCommit Store::commit_poll(std::string_view channel_id,
                                     std::span<const moderation::Comment> comments,
                                     const Classifier& classify, std::string_view next_cursor,
                                     Time now) {
  WriteTransaction tx(conn_);
  PollCommit out;
  out.ingested = ingest(comments, now);
  std::vector<ClassifiedVersion> classified;
  for (std::size_t i = 0; i < out.ingested.size(); ++i)
    if (out.ingested[i].needs_classification)
      classified.push_back(classify(comments[i], out.ingested[i]));
  out.verdicts = record_verdicts(classified, now);
  set_cursor(channel_id, next_cursor, now);
  tx.commit();
  return out;
}

}  // namespace hm::store
