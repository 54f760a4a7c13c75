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

// The store smaller again (issue 15): a comment's channel and author are one row of `authors`
// (the channel, the platform's id for the author and its lookup key), which the comment refers to
// by number, instead of the channel's name, the author's id and its key in every comment row:
// about 35 bytes a comment fewer, for about 60 bytes once per author a channel has seen.
// - The table is `comment_rows`; `comments` is a view that joins the author back, so every
//   reader sees the columns it always saw. Writers write `comment_rows` and `authors`.
// - Renaming `comments` first makes SQLite rewrite the foreign keys of the tables that refer to
//   it (versions, actions, strikes, reviews, alerts, exceptions, examples) to `comment_rows`;
//   the rebuilt table then takes that name.
// - An erased author's comments keep one author row per channel whose id is '[erased]'.
const std::string_view kAuthors = R"sql(
CREATE TABLE authors (
  id         INTEGER PRIMARY KEY,
  channel_id TEXT NOT NULL REFERENCES channels(id),
  author_id  TEXT NOT NULL,
  author_key INTEGER NOT NULL
);
INSERT INTO authors (channel_id, author_id, author_key)
  SELECT channel_id, author_id, hm_lookup_key(author_id) FROM comments
  GROUP BY channel_id, author_id ORDER BY min(id);
CREATE INDEX authors_by_key ON authors (author_key);

CREATE TABLE comment_rows_rebuilt (
  id                  INTEGER PRIMARY KEY,
  author_ref          INTEGER NOT NULL REFERENCES authors(id),
  platform_comment_id TEXT NOT NULL,
  parent_platform_id  TEXT,
  author_name         TEXT,
  permalink           TEXT,
  created_at          INTEGER NOT NULL,
  first_seen_at       INTEGER NOT NULL,
  flagged             INTEGER NOT NULL DEFAULT 0,
  resolved_at         INTEGER,
  purged_at           INTEGER,
  erased_at           INTEGER,
  link_prefix         INTEGER REFERENCES link_prefixes(id),
  platform_key        INTEGER NOT NULL
);
INSERT INTO comment_rows_rebuilt
  SELECT c.id, a.id, c.platform_comment_id, c.parent_platform_id, c.author_name, c.permalink,
         c.created_at, c.first_seen_at, c.flagged, c.resolved_at, c.purged_at, c.erased_at,
         c.link_prefix, c.platform_key
  FROM comments c JOIN authors a ON a.author_key = hm_lookup_key(c.author_id)
    AND a.channel_id = c.channel_id AND a.author_id = c.author_id
  ORDER BY c.id;
ALTER TABLE comments RENAME TO comment_rows;
DROP TABLE comment_rows;
ALTER TABLE comment_rows_rebuilt RENAME TO comment_rows;
CREATE INDEX comment_rows_by_platform_key ON comment_rows (platform_key);
CREATE INDEX comment_rows_by_author ON comment_rows (author_ref);
CREATE INDEX comment_rows_unpurged_clean_by_age ON comment_rows (first_seen_at)
  WHERE flagged = 0 AND purged_at IS NULL;
CREATE INDEX comment_rows_unpurged_flagged_by_resolution ON comment_rows (resolved_at)
  WHERE flagged = 1 AND purged_at IS NULL;
CREATE VIEW comments AS
  SELECT r.id AS id, a.channel_id AS channel_id, r.platform_comment_id AS platform_comment_id,
         r.parent_platform_id AS parent_platform_id, a.author_id AS author_id,
         r.author_name AS author_name, r.permalink AS permalink, r.created_at AS created_at,
         r.first_seen_at AS first_seen_at, r.flagged AS flagged, r.resolved_at AS resolved_at,
         r.purged_at AS purged_at, r.erased_at AS erased_at, r.link_prefix AS link_prefix,
         r.platform_key AS platform_key, a.author_key AS author_key, r.author_ref AS author_ref
  FROM comment_rows r JOIN authors a ON a.id = r.author_ref;
)sql";

// Retention keeps its place instead of an index (issue 15): clean comments come of age in the
// order they were stored, so the hourly run reads on from the last comment it looked at
// (`retention_place`), where an index of every unpurged comment by age cost 13 bytes a comment.
// Edits, which keep their own period, are found through an index of only the edits still holding
// text (few). The place starts before the oldest clean comment not yet purged.
const std::string_view kRetentionPlace = R"sql(
CREATE TABLE retention_place (
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  clean_done_through INTEGER NOT NULL
);
INSERT INTO retention_place (id, clean_done_through) VALUES (1, COALESCE(
  (SELECT MIN(id) - 1 FROM comment_rows WHERE flagged = 0 AND purged_at IS NULL),
  (SELECT MAX(id) FROM comment_rows), 0));
DROP INDEX comment_rows_unpurged_clean_by_age;
CREATE INDEX comment_versions_edits_holding_text ON comment_versions (seen_at)
  WHERE version > 1 AND text IS NOT NULL;
)sql";

}  // namespace hm::store::migration_sql
