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
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/action_machine.hpp"
#include "moderation/expected.hpp"
#include "moderation/item_decision.hpp"
#include "moderation/plan.hpp"
#include "moderation/types.hpp"
#include "store/alert_outbox.hpp"
#include "store/audit_log.hpp"
#include "store/filter_exception_row.hpp"
#include "store/learning_examples.hpp"
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

// The comment a stored version belongs to, with what the policy needs to know about it.
struct VersionOwner {
  std::int64_t comment_id = 0;
  int version = 0;
  std::string channel_id;
  std::string author_id;
  moderation::Platform platform = moderation::Platform::facebook;
};

struct RecordedVerdict {
  bool recorded = false;        // false when this version was already judged (a replay)
  std::int64_t verdict_id = 0;  // 0 for a replay, and for a clean version (it keeps no row)
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
  int exceptions_removed = 0;  // filter exceptions made from the author's comments
};

// One flagged comment as the console's item (store_items.cpp): what moderation/item_decision
// needs, and where it belongs.
struct ItemRecord {
  std::int64_t comment_id = 0;
  std::string school_id;
  std::string channel_id;
  bool urgent = false;  // a verdict on one of its versions is risk_to_life
  moderation::ItemFacts facts;
  std::optional<std::string> decided_by;
  Time updated_at{};  // the review's last change
};

// Which items to read, newest first, scoped to schools (nullopt: every school) and optionally
// one channel: those with a need (moderation::item_needs, in SQL, so a busy database with many
// handled items reads only the few that wait), open ones without (handled), closed ones, or
// those with an escalation. `before`/`limit` page by id; 0 = no limit.
struct ItemSelection {
  enum class Scope { needs, handled, closed, escalated } scope = Scope::needs;
  std::optional<std::set<std::string>> schools;
  std::optional<std::string> school, channel;
  std::optional<std::int64_t> before;
  int limit = 0;
};

// An item's needs without its record: what the needs view sorts and the summary counts.
struct ItemNeeds {
  std::int64_t comment_id = 0;
  bool urgent = false;
  std::vector<moderation::Need> needs;  // in priority order; never empty
};

// A decision taken on an item: the steps as applied, or the refusal.
using ItemDecided = Expected<moderation::ItemSteps, moderation::Refusal>;

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
  // Out of line: inlined into a std::optional<Store>'s users, the members' destructors trip
  // GCC 12's -Wmaybe-uninitialized (a false positive).
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Connection& connection() noexcept { return conn_; }

  // Configuration mirrored into the database, so comments and actions can refer to it.
  void upsert_school(std::string_view id, std::string_view name);
  void upsert_channel(const ChannelInfo& channel);

  std::optional<std::string> cursor(std::string_view channel_id);
  void set_cursor(std::string_view channel_id, std::string_view cursor, Time now);

  // Idempotent: the same platform comment twice is one row; changed text is a new version.
  // One transaction for the whole batch.
  std::vector<IngestResult> ingest(std::span<const moderation::Comment> comments, Time now);

  // The repository steps of one poll (daemon/ingest.hpp runs them in order). Each runs inside
  // the caller's transaction when there is one (WriteTransaction nests), so a poll's comments,
  // verdicts, actions, alerts and cursor commit together or not at all.
  // Begins a write transaction the caller commits; nothing is kept if it does not.
  WriteTransaction begin_write() { return WriteTransaction(conn_); }
  // Throws StoreError for an unknown version.
  VersionOwner version_owner(std::int64_t version_id);
  // The author's strikes on the comment's channel since `strikes_since`, whether this comment
  // already has one, and whether a block of the author is open or done.
  moderation::AuthorStanding author_standing(std::int64_t comment_id, Time strikes_since);
  // Kinds of the comment's actions that are still live: not rejected, not failed, not undone.
  std::set<moderation::ActionKind> live_action_kinds(std::int64_t comment_id);
  // Stores a version's verdict and records the plan as decided (flag, strike, actions with
  // their first transitions, the alert, audit rows). Replaying a version that already has a
  // verdict changes nothing and returns verdict_id 0.
  RecordedVerdict record(std::int64_t version_id, const moderation::Verdict& verdict,
                         const moderation::ModerationPlan& plan, Time now);

  // The learned model's opinion of a version, in its review or flag band (issue 16); `applied`
  // says whether it counted in the verdict (active mode) or was only recorded (shadow mode).
  // Recording it again for the same version changes nothing.
  void record_model_opinion(std::int64_t version_id, double probability, std::string_view band,
                            bool applied);

  // Moves an action through the state machine, persisting the new state, a transition row and
  // an audit row together.
  Expected<moderation::Action, std::string> transition(std::int64_t action_id,
                                                       const moderation::ActionEvent& event,
                                                       std::string_view actor,
                                                       std::string_view reason, Time now);

  // A moderator did a manual task by hand: a proposed task is approved and marked done in one
  // transaction (two transitions, both in the history). A failed action done by hand on the
  // platform is marked done the same way, its outcome saying so.
  Expected<moderation::Action, std::string> mark_done(std::int64_t action_id,
                                                      std::string_view actor,
                                                      std::string_view reason, Time now);

  // A moderator asks for a failed action to be tried again: approved, due now, a fresh attempt
  // budget, the failure kept in the history. Refused when a newer live action of the same kind
  // on the comment already does the job.
  Expected<moderation::Action, std::string> retry_failed(std::int64_t action_id,
                                                         std::string_view actor,
                                                         std::string_view reason, Time now);

  // Undoing a hide is a new `unhide` action (moderation::propose_unhide); the hide's history
  // stays.
  Expected<moderation::Action, std::string> undo_hide(std::int64_t hide_action_id,
                                                      std::string_view actor,
                                                      std::string_view reason, Time now);

  // The author page (store_authors.cpp). Forgiving removes the strike the comment earned, with
  // an audit row; refused when the comment has none. Returns the author's strikes left.
  Expected<int, std::string> forgive_strike(std::int64_t comment_id, std::string_view actor,
                                            std::string_view reason, Time now);
  // A proposed block of the author, on their newest comment on the channel (actions belong to
  // a comment). Refused when a block of them is already open or they have no comment there.
  Expected<moderation::Action, std::string> propose_block(std::string_view channel_id,
                                                          std::string_view author_id,
                                                          std::string_view actor,
                                                          std::string_view reason, Time now);

  std::optional<moderation::Action> action(std::int64_t action_id);
  std::vector<moderation::Action> actions_for_comment(std::int64_t comment_id);
  std::vector<moderation::Action> actions_in_state(moderation::ActionState state, int limit);
  // Approved, automatable and due: what the executor starts next.
  std::vector<moderation::Action> due_actions(Time now, int limit);
  // The same, on one channel only (the executor's worker for that channel).
  std::vector<moderation::Action> due_actions(Time now, int limit, std::string_view channel_id);
  // The channels that have an action due (the executor starts a worker for each).
  std::vector<std::string> channels_with_due_actions(Time now);
  // The request for a connector: the platform's ids for the comment and its author.
  std::optional<moderation::PlatformAction> platform_action(std::int64_t action_id);
  // Whether the action's last platform call had an unknown outcome (it may have taken effect),
  // so the platform is checked before calling again: the latest transition that was not a
  // start or a held-back call is an `outcome_unknown` one.
  bool last_call_outcome_unknown(std::int64_t action_id);
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
  // The key that signs audit-chain checkpoints (store/audit_checkpoint.hpp), read or made on
  // first use.
  const std::string& audit_checkpoint_key();

  // Items (store_items.cpp). nullopt for a comment that was never flagged.
  std::optional<ItemRecord> item(std::int64_t comment_id);
  std::vector<ItemRecord> items(const ItemSelection& selection);
  // Every item with a need in the selection (its scope, before and limit ignored), newest first.
  std::vector<ItemNeeds> needs_index(ItemSelection selection);
  // How many items the selection holds (its before/limit ignored).
  std::int64_t count_items(const ItemSelection& selection);
  // Grows with every change an item shows (kept by triggers; migration 5).
  std::int64_t item_changes();
  // Decides with moderation::decide_item on the item as it is inside one write transaction and
  // applies the steps there: action events (an edited reply's text first), new actions, the
  // strike withdrawn, the review; audit rows name `actor`. With `apply` false nothing is
  // written (a bulk preview). A refusal or an unknown item changes nothing.
  ItemDecided decide_item(std::int64_t comment_id, const moderation::ItemRoles& roles,
                          const moderation::ItemRequest& request, std::string_view actor, Time now,
                          std::chrono::seconds undo_window, bool apply = true);
  // Each school's trusted links (its own domains and the link rule's safe sites), so that the
  // training example a closing decision records hashes a link as the daemon's model judges it
  // (`<trusted-url>`, filters/learned/text_features.hpp). The daemon sets them at start and on
  // reload; a school without an entry trusts no link.
  void set_trusted_links(TrustedLinks links) { trusted_links_ = std::move(links); }

  // The safeguarding alert outbox (store/alert_outbox.hpp; store_alerts.cpp). Rows are written
  // by record, in the verdict's transaction.
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

  // Filter exceptions (store_exceptions.cpp), each audit-logged without its text. Adding a text
  // the school already has returns the existing row (second: false).
  std::pair<FilterExceptionRow, bool> add_filter_exception(std::string_view school,
                                                           std::string_view text,
                                                           std::optional<std::int64_t> comment_id,
                                                           std::string_view actor, Time now);
  // Oldest first; nullopt: every school.
  std::vector<FilterExceptionRow> filter_exceptions(std::optional<std::string_view> school);
  std::optional<FilterExceptionRow> filter_exception(std::int64_t id);
  // false when there is no such exception.
  bool remove_filter_exception(std::int64_t id, std::string_view actor, Time now);

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
                             Time now, Time due_at = Time{});
  void update_resolution(std::int64_t comment_id, Time now);

  Connection conn_;
  std::string audit_checkpoint_key_;
  StoreOptions options_;
  TrustedLinks trusted_links_;
};

}  // namespace hm::store
