#include "store/migrations.hpp"

#include <array>

#include "store/migration_sql.hpp"

namespace hm::store {
namespace {

// Times are Unix seconds (UTC). Text that came from a platform is NULL once purged or erased.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE schools (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE channels (
  id         TEXT PRIMARY KEY,
  school_id  TEXT NOT NULL REFERENCES schools(id),
  platform   TEXT NOT NULL CHECK (platform IN ('facebook', 'instagram', 'x')),
  account_id TEXT NOT NULL
);
CREATE TABLE poll_cursors (
  channel_id TEXT PRIMARY KEY REFERENCES channels(id),
  cursor     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE comments (
  id                  INTEGER PRIMARY KEY,
  channel_id          TEXT NOT NULL REFERENCES channels(id),
  platform_comment_id TEXT NOT NULL,
  parent_platform_id  TEXT,
  author_id           TEXT NOT NULL,
  author_name         TEXT,
  permalink           TEXT,
  created_at          INTEGER NOT NULL,
  first_seen_at       INTEGER NOT NULL,
  flagged             INTEGER NOT NULL DEFAULT 0,
  resolved_at         INTEGER,
  purged_at           INTEGER,
  erased_at           INTEGER,
  UNIQUE (channel_id, platform_comment_id)
);
CREATE INDEX comments_by_author ON comments (channel_id, author_id);
CREATE TABLE comment_versions (
  id          INTEGER PRIMARY KEY,
  comment_id  INTEGER NOT NULL REFERENCES comments(id),
  version     INTEGER NOT NULL,
  text        TEXT,
  text_sha256 TEXT,
  edited_at   INTEGER,
  seen_at     INTEGER NOT NULL,
  UNIQUE (comment_id, version)
);
CREATE TABLE verdicts (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL UNIQUE REFERENCES comment_versions(id),
  categories  TEXT NOT NULL,
  matches     TEXT NOT NULL,
  decided_at  INTEGER NOT NULL
);
CREATE TABLE actions (
  id              INTEGER PRIMARY KEY,
  comment_id      INTEGER NOT NULL REFERENCES comments(id),
  verdict_id      INTEGER REFERENCES verdicts(id),
  undoes_action_id INTEGER REFERENCES actions(id),
  kind            TEXT NOT NULL
                  CHECK (kind IN ('hide', 'unhide', 'delete', 'block', 'reply', 'escalate')),
  manual          INTEGER NOT NULL DEFAULT 0,
  state           TEXT NOT NULL
                  CHECK (state IN ('proposed', 'approved', 'running', 'done', 'failed', 'rejected')),
  text            TEXT,
  instructions    TEXT,
  reason          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  outcome         TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX actions_by_state ON actions (state, next_attempt_at);
CREATE INDEX actions_by_comment ON actions (comment_id);
CREATE TABLE action_transitions (
  id         INTEGER PRIMARY KEY,
  action_id  INTEGER NOT NULL REFERENCES actions(id),
  from_state TEXT,
  to_state   TEXT NOT NULL,
  event      TEXT NOT NULL,
  attempt    INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX action_transitions_by_action ON action_transitions (action_id);
CREATE TABLE strikes (
  id         INTEGER PRIMARY KEY,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  author_id  TEXT NOT NULL,
  comment_id INTEGER NOT NULL UNIQUE REFERENCES comments(id),
  at         INTEGER NOT NULL
);
CREATE INDEX strikes_by_author ON strikes (channel_id, author_id, at);
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  created_at    INTEGER NOT NULL,
  disabled_at   INTEGER
);
CREATE TABLE user_roles (
  user_id   INTEGER NOT NULL REFERENCES users(id),
  role      TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'safeguarding', 'viewer')),
  school_id TEXT NOT NULL DEFAULT '*',
  PRIMARY KEY (user_id, role, school_id)
);
CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  csrf_sha256  TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  revoked_at   INTEGER,
  last_used_at INTEGER
);
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  event     TEXT NOT NULL,
  subject   TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Lookups the retention job makes on every run. (Versions by comment need no index of their
// own: UNIQUE (comment_id, version) serves them.)
constexpr std::string_view kRetentionIndexes = R"sql(
CREATE INDEX comments_unflagged_by_age ON comments (first_seen_at) WHERE flagged = 0;
CREATE INDEX comments_flagged_by_resolution ON comments (resolved_at) WHERE flagged = 1;
)sql";

// The console's login throttle, and the safeguarding alert outbox: an alert is written in the
// same transaction as the verdict that calls for it, so a crash can delay it but never lose it.
constexpr std::string_view kConsoleAndAlerts = R"sql(
CREATE TABLE login_failures (
  id       INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  address  TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures (username, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);
CREATE TABLE safeguarding_alerts (
  id              INTEGER PRIMARY KEY,
  comment_id      INTEGER NOT NULL UNIQUE REFERENCES comments(id),
  school_id       TEXT NOT NULL REFERENCES schools(id),
  created_at      INTEGER NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  webhook_sent_at INTEGER,
  email_sent_at   INTEGER,
  last_error      TEXT,
  sent_at         INTEGER
);
CREATE INDEX safeguarding_alerts_due ON safeguarding_alerts (state, next_attempt_at);
)sql";

// The console's queue: newest proposals first, read straight off an index instead of sorting
// every proposal (918 ms → see README, console_bench, for 100,000 flagged comments).
constexpr std::string_view kQueueIndex = R"sql(
CREATE INDEX actions_by_state_id ON actions (state, id);
CREATE INDEX actions_by_kind_id ON actions (kind, id);
)sql";

// Issue 12's items: the verdict's urgency (risk_to_life before everything else), one review per
// flagged comment (the console's unit of work: open until a person's closing decision), and a
// counter every change an item shows moves, so live pages poll one number instead of lists.
// The counter is kept by triggers so that every writer (policy, executor, console, retention)
// moves it without remembering to.
constexpr std::string_view kItems = R"sql(
ALTER TABLE verdicts ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal'
  CHECK (urgency IN ('normal', 'risk_to_life'));
CREATE TABLE reviews (
  comment_id INTEGER PRIMARY KEY REFERENCES comments(id),
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  outcome    TEXT CHECK (outcome IN ('kept_hidden', 'deleted', 'shown_again')),
  note       TEXT,
  decided_by TEXT,
  decided_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX reviews_by_state ON reviews (state, comment_id);
INSERT INTO reviews (comment_id, state, updated_at)
  SELECT id, CASE WHEN resolved_at IS NULL THEN 'open' ELSE 'closed' END, first_seen_at
  FROM comments WHERE flagged = 1;
CREATE TABLE item_changes (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  count INTEGER NOT NULL
);
INSERT INTO item_changes (id, count) VALUES (1, 0);
CREATE TRIGGER item_changes_action_insert AFTER INSERT ON actions
BEGIN UPDATE item_changes SET count = count + 1; END;
CREATE TRIGGER item_changes_action_update AFTER UPDATE ON actions
BEGIN UPDATE item_changes SET count = count + 1; END;
CREATE TRIGGER item_changes_review_insert AFTER INSERT ON reviews
BEGIN UPDATE item_changes SET count = count + 1; END;
CREATE TRIGGER item_changes_review_update AFTER UPDATE ON reviews
BEGIN UPDATE item_changes SET count = count + 1; END;
CREATE TRIGGER item_changes_strike_delete AFTER DELETE ON strikes
BEGIN UPDATE item_changes SET count = count + 1; END;
CREATE TRIGGER item_changes_version_insert AFTER INSERT ON comment_versions
BEGIN UPDATE item_changes SET count = count + 1; END;
CREATE TRIGGER item_changes_version_update AFTER UPDATE ON comment_versions
BEGIN UPDATE item_changes SET count = count + 1; END;
)sql";

// Filter exceptions (issue 12): a school's "don't flag this text again", added after a moderator
// shows a comment again. `text` is the comment's text as filters::exception_text folds it; the
// comment it came from is kept for the record (NULL if that comment is ever gone).
constexpr std::string_view kFilterExceptions = R"sql(
CREATE TABLE filter_exceptions (
  id         INTEGER PRIMARY KEY,
  school_id  TEXT NOT NULL REFERENCES schools(id),
  text       TEXT NOT NULL,
  comment_id INTEGER REFERENCES comments(id),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (school_id, text)
);
)sql";

// Issue 12's Today work: users' e-mail address and digest opt-in; the outbox of "a channel
// stopped" alerts to a school's admins (one open row per channel: told once per stop, cleared
// when the channel polls again); and which digests went out (one per user, school and local day,
// so a restart never sends a day's digest twice).
constexpr std::string_view kAdminNotices = R"sql(
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
CREATE TABLE channel_alerts (
  id              INTEGER PRIMARY KEY,
  channel_id      TEXT NOT NULL REFERENCES channels(id),
  school_id       TEXT NOT NULL REFERENCES schools(id),
  reason          TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  webhook_sent_at INTEGER,
  email_sent_at   INTEGER,
  last_error      TEXT,
  sent_at         INTEGER,
  cleared_at      INTEGER
);
CREATE UNIQUE INDEX channel_alerts_open ON channel_alerts (channel_id) WHERE cleared_at IS NULL;
CREATE INDEX channel_alerts_due ON channel_alerts (state, next_attempt_at);
CREATE TABLE digest_sends (
  user_id   INTEGER NOT NULL REFERENCES users(id),
  school_id TEXT NOT NULL,
  day       TEXT NOT NULL,
  sent_at   INTEGER NOT NULL,
  PRIMARY KEY (user_id, school_id, day)
);
)sql";

// Checkpoints of the audit chain (store/audit_checkpoint.hpp), each with an HMAC under a key
// kept outside the database.
constexpr std::string_view kAuditCheckpoints = R"sql(
CREATE TABLE audit_checkpoints (
  id          INTEGER PRIMARY KEY,
  row_id      INTEGER NOT NULL,
  row_hash    TEXT NOT NULL,
  verified_at INTEGER NOT NULL,
  mac         TEXT NOT NULL
);
)sql";

// The sign-in throttle without lockout (issue 14): failures by (account, address key), so no
// limit falls on an address alone, and the addresses each account signed in from, as salted
// hashes, which keep only their own delay while the account's name is under attack.
constexpr std::string_view kLoginThrottle = R"sql(
DROP TABLE login_failures;
CREATE TABLE login_failures (
  id          INTEGER PRIMARY KEY,
  account     TEXT NOT NULL,
  address_key TEXT NOT NULL,
  prefix_key  TEXT,
  from_known  INTEGER NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX login_failures_by_address ON login_failures (account, address_key, at);
CREATE INDEX login_failures_by_prefix ON login_failures (account, prefix_key, at);
CREATE INDEX login_failures_by_known ON login_failures (account, from_known, at);
CREATE INDEX login_failures_by_age ON login_failures (at);
CREATE TABLE login_known_addresses (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  salt            TEXT NOT NULL,
  address_sha256  TEXT NOT NULL,
  last_success_at INTEGER NOT NULL
);
CREATE INDEX login_known_addresses_by_user ON login_known_addresses (user_id, last_success_at);
)sql";

// Second factors for console sign-in (issue 14): a TOTP secret per user, sealed under
// second-factor.key beside the database (never in clear text here), confirmed once the user has
// typed a code from it, with the last step used so a code cannot be replayed; and single-use
// recovery codes, as hashes.
constexpr std::string_view kSecondFactors = R"sql(
CREATE TABLE second_factors (
  user_id      INTEGER PRIMARY KEY REFERENCES users(id),
  sealed       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  confirmed_at INTEGER,
  last_step    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE recovery_codes (
  user_id     INTEGER NOT NULL REFERENCES users(id),
  code_sha256 TEXT NOT NULL,
  used_at     INTEGER,
  PRIMARY KEY (user_id, code_sha256)
);
)sql";

// A smaller store (issue 15): a version's text SHA-256 is kept only once its text is purged (while
// the text is held, evidence export hashes it, and ingest compares the text itself); a version
// judged clean keeps only `clean = 1` instead of a verdict row (its time is its seen_at: it is
// judged in the transaction that stores it); and a permalink keeps its shared part (a post's, a
// media's or an author's link, up to its last '/' or '=') once in link_prefixes.
constexpr std::string_view kSmallerStore = R"sql(
UPDATE comment_versions SET text_sha256 = NULL WHERE text IS NOT NULL;
ALTER TABLE comment_versions ADD COLUMN clean INTEGER;
-- For the lookups below only: without it, each verdict checked (and each deleted, under the
-- foreign key) would scan every action.
CREATE INDEX migration_11_actions_by_verdict ON actions (verdict_id);
UPDATE comment_versions SET clean = 1 WHERE id IN (
  SELECT d.version_id FROM verdicts d WHERE d.categories = '' AND NOT EXISTS (
    SELECT 1 FROM actions a WHERE a.verdict_id = d.id));
DELETE FROM verdicts WHERE version_id IN (SELECT id FROM comment_versions WHERE clean = 1);
DROP INDEX migration_11_actions_by_verdict;
CREATE TABLE link_prefixes (
  id     INTEGER PRIMARY KEY,
  prefix TEXT NOT NULL UNIQUE
);
ALTER TABLE comments ADD COLUMN link_prefix INTEGER REFERENCES link_prefixes(id);
)sql";

// The learned spam model (issue 16). Its opinions: one row per comment version the model placed
// in its review or flag band (most comments are in neither and cost nothing), and whether the
// opinion was applied (active mode) or only recorded (shadow mode), so the console can show how
// often the model and the moderators agreed before an admin switches it on.
constexpr std::string_view kModelOpinions = R"sql(
CREATE TABLE model_opinions (
  version_id  INTEGER PRIMARY KEY REFERENCES comment_versions(id),
  probability REAL NOT NULL CHECK (probability >= 0 AND probability <= 1),
  band        TEXT NOT NULL CHECK (band IN ('review', 'flag')),
  applied     INTEGER NOT NULL CHECK (applied IN (0, 1))
);
-- Labels from moderators' decisions: the comment's hashed features (hex of little-endian 32-bit
-- slots), never its text, so they outlive the purge; erased with the author's data.
CREATE TABLE learning_examples (
  comment_id INTEGER PRIMARY KEY REFERENCES comments(id),
  spam       INTEGER NOT NULL CHECK (spam IN (0, 1)),
  features   TEXT NOT NULL,
  decided_at INTEGER NOT NULL
);
)sql";

// Not constexpr: the later steps' SQL is defined in migration_sql.cpp (constant-initialized there,
// so it is set before this list is).
const std::array<Migration, 16> kMigrations = {{
    {1, "initial schema", kInitialSchema},
    {2, "indexes for retention", kRetentionIndexes},
    {3, "login throttle and safeguarding alerts", kConsoleAndAlerts},
    {4, "indexes for the console's queue", kQueueIndex},
    {5, "verdict urgency, item reviews and their change counter", kItems},
    {6, "filter exceptions", kFilterExceptions},
    {7, "e-mail for users, channel alerts to admins, digest bookkeeping", kAdminNotices},
    {8, "audit-chain checkpoints", kAuditCheckpoints},
    {9, "login throttle without lockout", kLoginThrottle},
    {10, "second factors for sign-in", kSecondFactors},
    {11,
     "a smaller store: no stored text hash, no verdict row for clean versions, shared link "
     "prefixes",
     kSmallerStore},
    {12, "the learned model's opinions and examples", kModelOpinions},
    {13, "a smaller store: comments found by short keys, audit hashes as bytes",
     migration_sql::kLookupKeys, true},
    {14, "a smaller store: values read back instead of stored twice",
     migration_sql::kValuesReadBack},
    {15, "a smaller store: a comment's channel and author kept once per author",
     migration_sql::kAuthors, true},
    {16, "a smaller store: retention keeps its place instead of an index by age",
     migration_sql::kRetentionPlace},
}};

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

}  // namespace hm::store
