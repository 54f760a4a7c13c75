// Compacting the database file (VACUUM), for an admin, with the daemon stopped.
//
// Retention empties old comments' text, but SQLite reuses only whole free pages, not the room a
// purge leaves inside a page, so the file does not shrink (docs/scaling.md, "The store"). A
// VACUUM rewrites it without that room. It is an admin's step, not the daemon's:
// - it holds the write lock for its whole run (about a second per 100,000 comments), which
//   would stall polling;
// - it checkpoints the WAL, and a second process checkpointing beside the daemon's writer is
//   what SQLite 3.40's WAL-reset bug needs (store/sqlite.hpp).
// So it first takes the file in SQLite's exclusive locking mode, which is refused while any
// other process has it open: a running daemon is found, not raced.
//
// Error policy: every refusal (the file in use, too little free space, not a database) throws
// StoreError saying what to do, before anything is written. A failure during the rewrite (an
// error, a crash, a power cut) leaves the database as it was: the rewrite is one transaction
// that commits through the WAL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace hm::store {

struct CompactPlan {
  std::uintmax_t file_bytes = 0;    // the database and its WAL, before
  std::uintmax_t free_bytes = 0;    // whole free pages inside the file
  std::uintmax_t needed_bytes = 0;  // room the rewrite needs, beside the file and in temp_dir
  std::filesystem::path temp_dir;   // where SQLite builds the rewritten copy
};

struct CompactReport {
  CompactPlan plan;
  std::uintmax_t bytes_after = 0;
};

// "1.3 MB": a size as the command and its refusals print it (decimal megabytes, one place).
std::string megabytes(std::uintmax_t bytes);

// The folder SQLite puts its temporary files in, as it chooses it on Unix.
std::filesystem::path sqlite_temp_dir();

// Compacts `file` in place. `starting` is called once the plan is known and the space checked,
// before the rewrite (for a progress line: the rewrite itself reports nothing until it ends).
CompactReport compact(const std::filesystem::path& file,
                      const std::function<void(const CompactPlan&)>& starting = {});

}  // namespace hm::store
