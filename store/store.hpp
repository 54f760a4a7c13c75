// The durable store (DESIGN.md §5): one writer connection per process over SQLite in WAL mode
// with synchronous=FULL, every write in a BEGIN IMMEDIATE transaction, an integrity check and
// the numbered migrations at open. Nothing is acknowledged to a caller before its transaction
// commits: when a method returns, the write survives a crash or power loss.
//
// Error policy: SQLite failures throw StoreError; a damaged file throws CorruptDatabase at
// open, naming the file. Expected failures (an unknown action id, an event the action's state
// does not allow) come back as Expected errors with a message for a moderator.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/action_machine.hpp"
#include "moderation/expected.hpp"
#include "moderation/policy.hpp"
#include "moderation/types.hpp"
#include "store/alert_outbox.hpp"
#include "store/audit_log.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

using moderation::Time;

struct StoreOptions {
  // Only the daemon's writer checkpoints the WAL: SQLite 3.40 has a WAL-reset bug when two
  // connections both write and checkpoint. hallmonitorctl opens with this off.
  bool run_checkpoints = true;
  moderation::RetryPolicy retry;
};

struct RetentionRule {
  int clean_days = 30;      // clean comments' text and author name, from first seen
  int evidence_days = 365;  // flagged comments', from resolution (every action finished)
};

struct ChannelInfo {
  std::string id;
  std::string school_id;
  moderation::Platform platform = moderation::Platform::facebook;
  std::string account_id;
};

struct IngestResult {
  std::int64_t comment_id = 0;
  std::int64_t version_id = 0;
  int version = 0;
  bool needs_classification = false;  // a comment not seen before, or an edit of one
};

struct ClassifiedVersion {
  std::int64_t version_id = 0;
  moderation::Verdict verdict;
  const moderation::SchoolPolicy* policy = nullptr;  // the school's policy; required if flagged
};

struct RecordedVerdict {
  std::int64_t verdict_id = 0;  // 0 when this version already had a verdict (a replay)
  std::vector<std::int64_t> action_ids;
  bool strike_added = false;
  bool alert_queued = false;  // a safeguarding alert was written to the outbox for the comment
};

struct PurgeReport {
  int clean_comments = 0;
  int evidence_comments = 0;
  int versions = 0;
};

struct ErasureReport {
  std::vector<std::int64_t> comment_ids;
  int strikes_removed = 0;
  int blocks_withdrawn = 0;
};

// "ok", or SQLite's description of what is damaged.
std::string quick_check(Connection& connection);

// A read-only connection for readers (console, hallmonitorctl evidence export). Throws
// StoreError when there is no database yet or its schema is not this build's.
Connection open_reader(const std::filesystem::path& file);

class Store {
 public:
  // Opens (creating if needed) and migrates the database. Throws CorruptDatabase, naming the
  // file, if PRAGMA quick_check finds damage: hallmonitor refuses to start on it.
  explicit Store(const std::filesystem::path& file, StoreOptions options = {});

  Connection& connection() noexcept { return conn_; }

  // Configuration mirrored into the database, so comments and actions can refer to it.
  void upsert_school(std::string_view id, std::string_view name);
  void upsert_channel(const ChannelInfo& channel);

  std::optional<std::string> cursor(std::string_view channel_id);
  void set_cursor(std::string_view channel_id, std::string_view cursor, Time now);

  // Idempotent: the same platform comment twice is one row; changed text is a new version.
  // One transaction for the whole batch.
  std::vector<IngestResult> ingest(std::span<const moderation::Comment> comments, Time now);

  // Stores each verdict and what the school's policy decides about it (strikes, actions and
  // their first transitions, audit rows), in one transaction. Replaying a version that already
  // has a verdict changes nothing.
  std::vector<RecordedVerdict> record_verdicts(std::span<const ClassifiedVersion> items, Time now);

  // One poll's results in ONE transaction (DESIGN.md §5: nothing acknowledged before commit):
  // ingest the comments, classify each new version with `classify`, record the verdicts and
  // what the policy decides, and advance the channel's cursor. If anything throws, nothing is
  // written and the cursor stays where it was, so the same comments come again next poll.
  struct PollCommit {
    std::vector<IngestResult> ingested;
    std::vector<RecordedVerdict> verdicts;
  };
  using Classifier =
      std::function<ClassifiedVersion(const moderation::Comment&, const IngestResult&)>;
  PollCommit commit_poll(std::string_view channel_id, std::span<const moderation::Comment> comments,
                         const Classifier& classify, std::string_view next_cursor, Time now);

  // Moves an action through the state machine, persisting the new state, a transition row and
  // an audit row together.
  Expected<moderation::Action, std::string> transition(std::int64_t action_id,
                                                       const moderation::ActionEvent& event,
                                                       std::string_view actor,
                                                       std::string_view reason, Time now);

  // A moderator did a manual task by hand: a proposed task is approved and marked done in one
  // transaction (two transitions, both in the history).
  Expected<moderation::Action, std::string> mark_done(std::int64_t action_id,
                                                      std::string_view actor,
                                                      std::string_view reason, Time now);

  // Undoing a hide is a new `unhide` action, approved at once; the hide's history stays.
  Expected<moderation::Action, std::string> undo_hide(std::int64_t hide_action_id,
                                                      std::string_view actor,
                                                      std::string_view reason, Time now);

  std::optional<moderation::Action> action(std::int64_t action_id);
  std::vector<moderation::Action> actions_for_comment(std::int64_t comment_id);
  std::vector<moderation::Action> actions_in_state(moderation::ActionState state, int limit);
  // Approved, automatable and due: what the executor starts next.
  std::vector<moderation::Action> due_actions(Time now, int limit);
  // The request for a connector: the platform's ids for the comment and its author.
  std::optional<moderation::PlatformAction> platform_action(std::int64_t action_id);
  // How many actions are in each state (for metrics).
  std::vector<std::pair<moderation::ActionState, std::int64_t>> action_counts();
  // When the platform says the comment was written (for exposure metrics).
  std::optional<Time> comment_created_at(std::int64_t comment_id);

  PurgeReport purge_expired(const RetentionRule& rule, Time now);

  // A data-protection erasure request: removes the author's comment text, name, permalink and
  // strikes, withdraws proposed blocks, and records the erasure (not the data) in the audit log.
  ErasureReport erase_author(moderation::Platform platform, std::string_view author_id,
                             std::string_view actor, Time now);

  ChainCheck verify_audit() { return verify_audit_chain(conn_); }

  // The safeguarding alert outbox (store/alert_outbox.hpp; store_alerts.cpp). Rows are written
  // by record_verdicts, in the verdict's transaction.
  // Pending alerts whose next attempt is due, oldest first.
  std::vector<DueAlert> due_alerts(Time now, int limit);
  // When the next pending alert falls due; nullopt when none is pending.
  std::optional<Time> next_alert_due();
  // One transport delivered the alert. Committed at once, so that a crash before the other
  // transport is tried never makes this one send it again.
  void mark_alert_transport_sent(std::int64_t alert_id, AlertTransport transport, Time now);
  // Every configured transport delivered it: `sent`, with an alert.sent audit row.
  void mark_alert_sent(std::int64_t alert_id, Time now);
  // A failed delivery round: one more attempt and the next one scheduled, or `failed` (with an
  // alert.failed audit row) when permanent or out of `retry`'s attempts. Returns the new state.
  AlertState record_alert_failure(std::int64_t alert_id, const AlertFailure& failure, Time now,
                                  const AlertRetryPolicy& retry = {});
  std::optional<AlertRow> alert_for_comment(std::int64_t comment_id);

 private:
  // Writes the comment's alert row (once per comment); true when a new row was written.
  bool queue_alert(std::int64_t comment_id, std::string_view channel_id, Time now);
  std::optional<moderation::Action> load_action(std::int64_t action_id);
  Expected<moderation::Action, std::string> apply_transition(moderation::Action action,
                                                             const moderation::ActionEvent& event,
                                                             std::string_view actor,
                                                             std::string_view reason, Time now);
  std::int64_t insert_action(std::int64_t comment_id, std::optional<std::int64_t> verdict_id,
                             std::optional<std::int64_t> undoes,
                             const moderation::ProposedAction& proposed, std::string_view actor,
                             Time now);
  void update_resolution(std::int64_t comment_id, Time now);

  Connection conn_;
  StoreOptions options_;
};

}  // namespace hm::store
