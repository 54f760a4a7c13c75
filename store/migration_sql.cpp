// The SQL of schema migrations 13 and later (migration_sql.hpp). Never edited once released.
#include "store/migration_sql.hpp"

namespace hm::store::migration_sql {

// The store smaller again (issue 15): comments are found by 32-bit keys of their platform id and
// their author's id (store/lookup_key.hpp) instead of indexes over the text, and the audit
// chain's hashes are kept as 32 bytes instead of 64 hex characters (the rows the migrations
// before this one appended are bytes already: append_audit writes bytes). Both tables are rebuilt
// (an index made by UNIQUE cannot be dropped, nor a column's type changed), with foreign-key checks
// off while the old table is dropped and the new one takes its name; migrate() checks every
// foreign key before it commits. The audit rows keep their ids and their hashes' values, so the
// chain and its checkpoints verify as before.
const std::string_view kLookupKeys = R"sql(
CREATE TABLE comments_rebuilt (
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
  link_prefix         INTEGER REFERENCES link_prefixes(id),
  platform_key        INTEGER NOT NULL,
  author_key          INTEGER NOT NULL
);
INSERT INTO comments_rebuilt
  SELECT id, channel_id, platform_comment_id, parent_platform_id, author_id, author_name,
         permalink, created_at, first_seen_at, flagged, resolved_at, purged_at, erased_at,
         link_prefix, hm_lookup_key(platform_comment_id), hm_lookup_key(author_id)
  FROM comments;
DROP TABLE comments;
ALTER TABLE comments_rebuilt RENAME TO comments;
CREATE INDEX comments_by_platform_key ON comments (platform_key);
CREATE INDEX comments_by_author_key ON comments (author_key);
CREATE INDEX comments_unflagged_by_age ON comments (first_seen_at) WHERE flagged = 0;
CREATE INDEX comments_flagged_by_resolution ON comments (resolved_at) WHERE flagged = 1;

CREATE TABLE audit_log_rebuilt (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  event     TEXT NOT NULL,
  subject   TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash      BLOB NOT NULL
);
INSERT INTO audit_log_rebuilt
  SELECT id, at, actor, event, subject, detail,
         CASE typeof(prev_hash) WHEN 'text' THEN hm_unhex(prev_hash) ELSE prev_hash END,
         CASE typeof(hash) WHEN 'text' THEN hm_unhex(hash) ELSE hash END
  FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;
CREATE INDEX audit_log_by_subject ON audit_log (subject);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// The store smaller again (issue 15), without rebuilding a table: values that can be read back
// from elsewhere are no longer stored twice.
// - A permalink whose rest (after its shared prefix) is the comment id's tail (store/permalink.hpp)
//   becomes an empty blob: about 16 bytes a Facebook or X comment.
// - A purged text's SHA-256 is kept as 32 bytes instead of 64 hex characters.
// - Retention's indexes hold only comments not yet purged (below).
// Audit rows appended from now on keep an empty prev_hash (audit_log.hpp); rows already written
// keep theirs, so the chain and its checkpoints are untouched.
const std::string_view kValuesReadBack = R"sql(
UPDATE comments SET permalink = X''
  WHERE typeof(permalink) = 'text'
    AND permalink = substr(platform_comment_id, instr(platform_comment_id, '_') + 1);
UPDATE comment_versions SET text_sha256 = hm_unhex(text_sha256)
  WHERE typeof(text_sha256) = 'text';
-- Retention looks only at comments not yet purged, through indexes that hold only those (about
-- clean_days of comments, not every comment ever). A comment edited after its purge holds text
-- again, so it is not purged any more.
UPDATE comments SET purged_at = NULL
  WHERE purged_at IS NOT NULL AND EXISTS (
    SELECT 1 FROM comment_versions v WHERE v.comment_id = comments.id AND v.text IS NOT NULL);
DROP INDEX comments_unflagged_by_age;
DROP INDEX comments_flagged_by_resolution;
CREATE INDEX comments_unpurged_clean_by_age ON comments (first_seen_at)
  WHERE flagged = 0 AND purged_at IS NULL;
CREATE INDEX comments_unpurged_flagged_by_resolution ON comments (resolved_at)
  WHERE flagged = 1 AND purged_at IS NULL;
)sql";

}  // namespace hm::store::migration_sql
