// Opening the daemon's database from hallmonitorctl for the account commands, as the right
// Unix user, and naming that user in the audit log.
//
// An admin typically runs `sudo hallmonitorctl user add ...`. SQLite creates the -wal and -shm
// files (and, on a fresh install, the database itself) as whoever opens it; if that were root,
// the daemon, running as its own user, could no longer write them. So when run as root on a
// state directory that another user owns, hallmonitorctl becomes that user before opening; a
// state directory root creates goes to the service's user (`hallmonitor`) when it exists. The
// directory is 0700 and the database files 0600 whoever makes them (store::Connection).
//
// Error policy: a database that cannot be opened or is damaged throws StoreError (the command
// exits 1 via main); failing to change user throws std::runtime_error, before anything is
// written.
#pragma once

#include <memory>
#include <string>

#include "daemon/config.hpp"
#include "store/store.hpp"

namespace hm::cli {

// "cli:NAME" for the real user running the command (root under sudo).
std::string cli_actor();

// The writer the account commands use: creates the state directory and the database if this
// is a fresh install, never runs checkpoints (the daemon's writer does).
std::unique_ptr<store::Store> open_account_writer(const config::Config& config);

// A read-only connection for listing; throws StoreError when there is no database yet.
store::Connection open_account_reader(const config::Config& config);

// Run as root on a state folder another user owns (the daemon's): become that user, so every
// file SQLite makes there stays the daemon's. Throws std::runtime_error if switching fails.
void act_as_state_dir_owner(const std::filesystem::path& state_dir);

// The current time, whole seconds, as the store records it.
store::Time now_seconds();

}  // namespace hm::cli
