// Where a channel's secret lives: $CREDENTIALS_DIRECTORY (systemd's LoadCredential=) when set,
// else [daemon] credentials_dir. Secrets are read (connectors::read_secret_file) only when a
// connector starts, and never logged.
//
// Error policy: a missing or unreadable credential is an expected failure for that channel
// only (a Problem naming the config line); it never stops the other channels.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config.hpp"

namespace hm::daemon {

// The directory credentials are read from, given the environment.
std::filesystem::path credentials_directory(const config::Config& cfg);

// The credential file of `channel`, or a problem ("file:line: channel 'x': credential ...").
struct CredentialLookup {
  std::optional<std::filesystem::path> file;
  std::optional<config::Problem> problem;
};
CredentialLookup find_credential(const config::Config& cfg, const config::Channel& channel);

}  // namespace hm::daemon
