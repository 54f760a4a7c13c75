#include "cli/database_access.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "cli/database_path.hpp"

namespace hm::cli {
namespace {

namespace fs = std::filesystem;

// The packaged service's user (systemd/hallmonitor.sysusers, User= in the unit).
constexpr const char* kServiceUser = "hallmonitor";

// A state folder root makes before the service's first start belongs to the service's user, as
// StateDirectory= would make it, so everything below it is made as that user (and the daemon
// can open it) without waiting for systemd to hand it over. Without that user (a build tree, a
// test) it stays root's, still 0700.
void give_new_state_dir_to_service(const fs::path& dir) {
  if (::geteuid() != 0) return;
  const passwd* pw = ::getpwnam(kServiceUser);
  if (!pw) return;
  if (::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0)
    throw store::StoreError("cannot give " + dir.string() + " to " + kServiceUser + ": " +
                            std::strerror(errno));
}

}  // namespace

// Root on a folder someone else owns: become its owner (the daemon's user), so every file
// SQLite makes there stays writable by the daemon. Root-owned folders (a fresh install before
// the daemon's first start) are left alone: systemd's StateDirectory= hands the whole folder,
// contents included, to the daemon's user when the service starts.
void act_as_state_dir_owner(const fs::path& state_dir) {
  if (::geteuid() != 0) return;
  struct stat st {};
  if (::stat(state_dir.c_str(), &st) != 0 || st.st_uid == 0) return;
  if (::setgroups(0, nullptr) != 0 || ::setgid(st.st_gid) != 0 || ::setuid(st.st_uid) != 0)
    throw std::runtime_error("cannot switch to the owner (uid " + std::to_string(st.st_uid) +
                             ") of " + state_dir.string() + ": " + std::strerror(errno));
}

std::string cli_actor() {
  // getpwuid, not $USER: sudo and cron may leave $USER unset or stale.
  const passwd* pw = ::getpwuid(::getuid());
  return "cli:" + (pw && pw->pw_name ? std::string(pw->pw_name) : std::to_string(::getuid()));
}

std::unique_ptr<store::Store> open_account_writer(const config::Config& config) {
  const fs::path& dir = config.daemon.state_dir;
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw store::StoreError("cannot create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);  // as StateDirectoryMode=0700
    give_new_state_dir_to_service(dir);
  }
  act_as_state_dir_owner(dir);
  // The daemon's writer owns checkpoints; this process only waits for the write lock.
  return std::make_unique<store::Store>(database_path(config),
                                        store::StoreOptions{.run_checkpoints = false, .retry = {}});
}

store::Connection open_account_reader(const config::Config& config) {
  act_as_state_dir_owner(config.daemon.state_dir);
  return store::open_reader(database_path(config));
}

store::Time now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace hm::cli
