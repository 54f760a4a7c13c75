// What `hallmonitord --check` warns about the files that hold secrets: a credential file (a
// channel's token, a webhook URL, the SMTP password, the metrics token) or the database (account
// hashes, evidence, staff notes; and its -wal/-shm) that the file's group or other users can
// read. The daemon itself makes its database 0600 (store/sqlite.cpp); these catch files an
// admin made by hand with a 022 umask, or copied.
//
// Error policy: a file that is missing or cannot be examined is not warned about here (the
// credential checks report missing ones); nothing throws.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "daemon/config.hpp"

namespace hm::daemon {

// One sentence per file readable beyond its owner, saying what to run.
std::vector<std::string> readable_secret_warnings(const config::Config& cfg);

// The sentence for one file, or empty when only its owner can read it (or it is missing).
std::string readable_by_others(const std::filesystem::path& file, std::string_view what);

}  // namespace hm::daemon
