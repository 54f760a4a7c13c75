// Small RAII wrappers over the SQLite C API: a connection with a statement cache, prepared
// statements with bound parameters, and write/read transactions.
//
// Comment text is attacker-controlled, so SQL is only ever fixed text from this code base;
// every value goes through bind(). exec() exists for fixed statements (pragmas, migrations).
//
// Error policy: SQLite failures are infrastructure failures and throw StoreError (or
// CorruptDatabase, for a file that fails its integrity check, naming the file, or StorageFull,
// for a write refused for want of space: SQLITE_FULL, or an I/O error while the file system is
// full or a database file is at its size limit, RLIMIT_FSIZE). A failed write transaction is
// rolled back, so nothing of it is kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace hm::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database file is damaged: the caller must refuse to start rather than write to it.
class CorruptDatabase : public StoreError {
 public:
  using StoreError::StoreError;
};

// No space for a write: the disk (or a quota, or a file-size limit) is full. The transaction
// is rolled back; the same write succeeds once space is freed.
class StorageFull : public StoreError {
 public:
  using StoreError::StoreError;
};

class Statement;

class Connection {
 public:
  enum class Mode {
    writer,  // read-write, creates the file; the one connection of a process that writes
    reader   // SQLITE_OPEN_READONLY
  };
  // Opens the file with a busy timeout (a second process's writer waits, it does not fail).
  // SQL on it may call hm_sha256(text): the text's 32-byte SHA-256 (NULL for NULL), so that
  // retention keeps a purged text's hash in the UPDATE that clears the text.
  Connection(const std::filesystem::path& file, Mode mode);
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;

  // Fixed SQL only (no values from outside this program). May hold several statements.
  void exec(std::string_view sql);
  // A prepared statement from this connection's cache, reset and unbound. Preparing SQL that
  // is still in use (nested) gives a separate statement.
  Statement prepare(std::string_view sql);

  // Writes the WAL back into the database file and truncates it. Only the process's one
  // writer connection calls this (SQLite 3.40's WAL-reset bug needs two checkpointing writers).
  void checkpoint();
  // For a second writer process (hallmonitorctl next to the daemon): never checkpoint, not
  // even on close, and leave that to the daemon's writer.
  void disable_checkpoints();

  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;
  const std::filesystem::path& file() const noexcept;
  Mode mode() const noexcept;
  sqlite3* handle() const noexcept;
  // What the last write refused for want of space said, until a write transaction commits
  // again: for /healthz. Empty when the last writes went through.
  const std::string& storage_full() const noexcept;

  [[noreturn]] void fail(int rc, std::string_view what) const;
  void clear_storage_full() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A cached prepared statement; reset and unbound again when it goes out of scope.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::nullptr_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }
  template <class... Values>
  Statement& bind_all(const Values&... values) {
    int i = 0;
    (bind(++i, values), ...);
    return *this;
  }

  bool step();  // true: a row is ready; false: done
  void run();   // steps a statement that returns no rows

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;  // "" for NULL
  std::optional<std::string> optional_text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  friend class Connection;
  // in_use: the cache's flag to clear when done; null for a one-off statement to finalize.
  Statement(const Connection* connection, sqlite3_stmt* stmt, bool* in_use)
      : conn_(connection), stmt_(stmt), in_use_(in_use) {}
  const Connection* conn_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
};

// BEGIN IMMEDIATE: takes the write lock now, so a transaction never fails half-way with
// SQLITE_BUSY on its first write. Rolled back unless commit() is called.
// Inside another write transaction it joins it: its commit() does nothing and the outer
// transaction decides, so store operations compose into one atomic batch.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& connection);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  bool joined_ = false;
  bool open_ = true;
};

// A consistent snapshot for several reads (BEGIN DEFERRED ... COMMIT).
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& connection);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& conn_;
};

}  // namespace hm::store
