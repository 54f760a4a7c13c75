// Where a secret lives: $CREDENTIALS_DIRECTORY (systemd's LoadCredential=) when set,
// else [daemon] credentials_dir. Secrets are read (connectors::read_secret_file) only when a
// connector starts, and never logged.
//
// Error policy: a missing or unreadable credential is an expected failure for that channel or
// alert transport only (a Problem naming the config line); it never stops the others.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
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

// Any named credential file (a channel's token, a school's safeguarding webhook URL, the SMTP
// password). `owner` says what needs it in messages, e.g. "school 'jh': webhook_credential";
// `line` is where the config names it (0 when unknown).
CredentialLookup find_named_credential(const config::Config& cfg, std::string_view name, int line,
                                       std::string_view owner);

// Every alert credential the config names (each school's webhook, the SMTP password) that is
// missing or unreadable, as problems for --check and the start-up log.
std::vector<config::Problem> missing_alert_credentials(const config::Config& cfg);

}  // namespace hm::daemon
