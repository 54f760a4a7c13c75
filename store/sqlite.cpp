#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <unordered_map>

#include "store/hex.hpp"
#include "store/lookup_key.hpp"
#include "store/sha256.hpp"

namespace hm::store {

namespace {

void sql_sha256(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto size = std::size_t(sqlite3_value_bytes(argv[0]));
  try {
    const std::string hash = sha256_bytes({std::string_view(text, size)});
    sqlite3_result_blob(ctx, hash.data(), int(hash.size()), SQLITE_TRANSIENT);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

void sql_lookup_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto size = std::size_t(sqlite3_value_bytes(argv[0]));
  try {
    sqlite3_result_int64(ctx, lookup_key(std::string_view(text, size)));
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

// Hex text to bytes (SQLite's own unhex() arrived in 3.41; Debian 12 has 3.40). Text that is
// not hex is an error, not a silent NULL: it would break the audit chain it is stored in.
void sql_unhex(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto bytes = from_hex(std::string_view(text, std::size_t(sqlite3_value_bytes(argv[0]))));
  if (!bytes) return sqlite3_result_error(ctx, "hm_unhex: the value is not hex", -1);
  sqlite3_result_blob(ctx, bytes->data(), int(bytes->size()), SQLITE_TRANSIENT);
}

}  // namespace

struct Connection::Impl {
  sqlite3* db = nullptr;
  std::filesystem::path file;
  Mode mode = Mode::writer;
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  std::unordered_map<std::string, Cached> cache;
  std::string storage_full;  // Connection::storage_full()

  ~Impl() {
    for (auto& [sql, cached] : cache) sqlite3_finalize(cached.stmt);
    if (db) sqlite3_close_v2(db);
  }
};

namespace {
// The database holds moderation evidence and account hashes: private to whoever runs the store,
// whatever their umask (a root shell's 022 would make it 0644). SQLite gives the -wal, -shm and
// -journal files the database file's mode, so creating the file 0600 first covers them all.
void create_private(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);  // EEXIST: an existing database keeps its mode
}
}  // namespace

Connection::Connection(const std::filesystem::path& file, Mode mode)
    : impl_(std::make_unique<Impl>()) {
  impl_->file = file;
  impl_->mode = mode;
  if (mode == Mode::writer) create_private(file);
  const int flags =
      mode == Mode::reader ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(file.c_str(), &impl_->db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = impl_->db ? sqlite3_errmsg(impl_->db) : sqlite3_errstr(rc);
    throw StoreError("cannot open database " + file.string() + ": " + message);
  }
  sqlite3_extended_result_codes(impl_->db, 1);
  // Another process (hallmonitorctl next to the daemon) may hold the write lock for a moment.
  sqlite3_busy_timeout(impl_->db, 10000);
  // DIRECTONLY: callable from this program's statements, never from a schema, trigger or view.
  rc = sqlite3_create_function_v2(impl_->db, "hm_sha256", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                  sql_sha256, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "registering hm_sha256");
  rc = sqlite3_create_function_v2(impl_->db, "hm_lookup_key", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                  sql_lookup_key, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "registering hm_lookup_key");
  rc = sqlite3_create_function_v2(impl_->db, "hm_unhex", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                  sql_unhex, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, "registering hm_unhex");
}

namespace {

// SQLite reports a short write as SQLITE_FULL, but a write refused outright (ENOSPC at a page
// boundary, EDQUOT, EFBIG past a file-size limit) as SQLITE_IOERR_WRITE, and its errno is not
// reliable by the time the error reaches us. So after an I/O error, look at the space itself:
// almost nothing free on the file system, or the database or its WAL at RLIMIT_FSIZE.
bool out_of_space(const std::filesystem::path& db) {
  constexpr std::uintmax_t kMargin = 1 << 20;  // under 1 MiB free: full, for a database
  struct statvfs fs {};
  const auto dir = db.has_parent_path() ? db.parent_path() : std::filesystem::path(".");
  if (::statvfs(dir.c_str(), &fs) == 0 && std::uintmax_t(fs.f_bavail) * fs.f_frsize < kMargin)
    return true;
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return false;
  for (const char* suffix : {"", "-wal", "-journal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(db.string() + suffix, ec);
    if (!ec && size + 65536 >= limit.rlim_cur) return true;  // a page or a few from the limit
  }
  return false;
}

}  // namespace

Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

void Connection::fail(int rc, std::string_view what) const {
  std::string detail = sqlite3_errmsg(impl_->db);
  if (detail != sqlite3_errstr(rc)) detail += std::string(" (") + sqlite3_errstr(rc) + ")";
  const int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    throw CorruptDatabase("database " + impl_->file.string() + " is damaged (" + detail +
                          ") while " + std::string(what));
  if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && out_of_space(impl_->file))) {
    impl_->storage_full = "no space to write " + impl_->file.string() + " (" + detail + ")";
    throw StorageFull(std::string(what) + " on " + impl_->file.string() + ": no space left (" +
                      detail + ")");
  }
  throw StoreError(std::string(what) + " on " + impl_->file.string() + ": " + detail);
}

void Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(impl_->db, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : "";
    sqlite3_free(error);
    fail(rc, "executing SQL (" + message + ")");
  }
}

Statement Connection::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = impl_->cache.find(key);
  if (it != impl_->cache.end() && it->second.in_use) {
    // The same SQL is still stepping elsewhere (a nested query): give this caller its own.
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(impl_->db, key.data(), int(key.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "preparing \"" + key + "\"");
    return Statement(this, stmt, nullptr);
  }
  if (it == impl_->cache.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(impl_->db, key.data(), int(key.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "preparing \"" + key + "\"");
    it = impl_->cache.emplace(std::move(key), Impl::Cached{stmt, false}).first;
  }
  it->second.in_use = true;
  return Statement(this, it->second.stmt, &it->second.in_use);
}

void Connection::checkpoint() {
  if (impl_->mode == Mode::reader) return;
  exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void Connection::disable_checkpoints() {
  exec("PRAGMA wal_autocheckpoint=0");
  sqlite3_db_config(impl_->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

std::int64_t Connection::last_insert_rowid() const noexcept {
  return sqlite3_last_insert_rowid(impl_->db);
}
int Connection::changes() const noexcept {
  return sqlite3_changes(impl_->db);
}
const std::filesystem::path& Connection::file() const noexcept {
  return impl_->file;
}
Connection::Mode Connection::mode() const noexcept {
  return impl_->mode;
}
sqlite3* Connection::handle() const noexcept {
  return impl_->db;
}

const std::string& Connection::storage_full() const noexcept {
  return impl_->storage_full;
}

void Connection::clear_storage_full() noexcept {
  impl_->storage_full.clear();
}

Statement::Statement(Statement&& other) noexcept
    : conn_(other.conn_), stmt_(other.stmt_), in_use_(other.in_use_) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Statement::~Statement() {
  if (!stmt_) return;
  if (in_use_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a parameter");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a parameter");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a parameter");
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) conn_->fail(rc, "binding a parameter");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(stmt_);
  sqlite3_reset(stmt_);
  conn_->fail(rc, "running \"" + sql + "\"");
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

WriteTransaction::WriteTransaction(Connection& connection) : conn_(connection) {
  joined_ = sqlite3_get_autocommit(conn_.handle()) == 0;
  if (!joined_) conn_.exec("BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
  if (open_ && !joined_) sqlite3_exec(conn_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void WriteTransaction::commit() {
  if (!joined_) {
    conn_.exec("COMMIT");
    conn_.clear_storage_full();
  }
  open_ = false;
}

ReadTransaction::ReadTransaction(Connection& connection) : conn_(connection) {
  conn_.exec("BEGIN");
}

ReadTransaction::~ReadTransaction() {
  sqlite3_exec(conn_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace hm::store
