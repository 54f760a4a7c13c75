#include "store/compact.hpp"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdlib>

#include "store/sqlite.hpp"

namespace hm::store {
namespace {

namespace fs = std::filesystem;

std::uintmax_t free_space(const fs::path& dir) {
  struct statvfs s {};
  if (::statvfs(dir.c_str(), &s) != 0) return 0;
  return std::uintmax_t(s.f_bavail) * s.f_frsize;
}

bool same_device(const fs::path& a, const fs::path& b) {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev;
}

std::uintmax_t size_or_zero(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  return ec ? 0 : size;
}

std::uintmax_t files_bytes(const fs::path& db) {
  return size_or_zero(db) + size_or_zero(db.string() + "-wal");
}

std::int64_t pragma(Connection& c, const char* sql) {
  auto s = c.prepare(sql);
  return s.step() ? s.int64(0) : 0;
}

}  // namespace

std::string megabytes(std::uintmax_t bytes) {
  const auto tenths = (bytes + 50'000) / 100'000;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

fs::path sqlite_temp_dir() {
  // os_unix.c's unixTempFileDir: the first of these that is a writable folder.
  for (const char* env : {"SQLITE_TMPDIR", "TMPDIR"})
    if (const char* dir = std::getenv(env); dir && *dir && ::access(dir, W_OK | X_OK) == 0)
      return dir;
  for (const char* dir : {"/var/tmp", "/usr/tmp", "/tmp"})
    if (::access(dir, W_OK | X_OK) == 0) return dir;
  return ".";
}

CompactReport compact(const fs::path& file,
                      const std::function<void(const CompactPlan&)>& starting) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw StoreError("no database at " + file.string());
  Connection c(file, Connection::Mode::writer);
  // Exclusive locking mode must be set before the first read; the empty write transaction then
  // takes the lock, refused at once (no busy wait) while another process has the file open.
  c.exec("PRAGMA locking_mode=EXCLUSIVE");
  sqlite3_busy_timeout(c.handle(), 0);
  const int rc = sqlite3_exec(c.handle(), "BEGIN EXCLUSIVE; COMMIT", nullptr, nullptr, nullptr);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    throw StoreError(file.string() +
                     " is open in another process: stop hallmonitord first "
                     "(sudo systemctl stop hallmonitor), then run this again");
  if (rc != SQLITE_OK) c.fail(rc, "opening the database exclusively");
  // Fold the WAL in first, so that the sizes below are the file's.
  c.exec("PRAGMA wal_checkpoint(TRUNCATE)");

  CompactReport report;
  CompactPlan& plan = report.plan;
  const auto page_size = std::uintmax_t(pragma(c, "PRAGMA page_size"));
  const auto pages = std::uintmax_t(pragma(c, "PRAGMA page_count"));
  const auto free_pages = std::uintmax_t(pragma(c, "PRAGMA freelist_count"));
  plan.file_bytes = files_bytes(file);
  plan.free_bytes = free_pages * page_size;
  // The rewrite is built in a temporary database, then written through the WAL beside the
  // file: at most the pages in use, each way, and a margin for the WAL's frame headers.
  plan.needed_bytes = (pages - free_pages) * page_size * 11 / 10 + (1 << 20);
  plan.temp_dir = sqlite_temp_dir();
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  // On one file system, the copy and the WAL need the room together.
  const bool one_file_system = same_device(dir, plan.temp_dir);
  for (const fs::path& where : {dir, plan.temp_dir}) {
    const auto have = free_space(where);
    const auto need = one_file_system ? 2 * plan.needed_bytes : plan.needed_bytes;
    if (have < need)
      throw StoreError("compacting needs about " + megabytes(need) + " free in " + where.string() +
                       ", which has " + megabytes(have) +
                       " (set SQLITE_TMPDIR to use another folder for the temporary copy)");
  }
  if (starting) starting(plan);

  sqlite3_busy_timeout(c.handle(), 10000);
  c.exec("VACUUM");
  c.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  report.bytes_after = files_bytes(file);
  return report;
}

}  // namespace hm::store
