// Where a secret lives, found by ONE lookup (credential_file) that the daemon, its alert senders
// and `hallmonitord --check` share, so --check finds exactly what the running service finds.
//
// Under systemd ($CREDENTIALS_DIRECTORY set) the unit's
//   LoadCredential=hallmonitor-credentials:/etc/hallmonitor/credentials
// loads a directory, and systemd names each file in it "hallmonitor-credentials_<file>"; a
// credential loaded on its own (a drop-in's LoadCredential=<name>:<path>) keeps its plain name.
// Outside systemd the file is [daemon] credentials_dir/<name>, and the lookup refuses what
// systemd's directory load would skip (a symbolic link, a hidden name, a file over 1 MiB), so a
// root `--check` cannot pass where the service would not find the file.
// Secrets are read (connectors::read_secret_file) only when a connector starts, never logged.
//
// Error policy: a missing or unusable credential is an expected failure for that channel or
// alert transport only (a Problem naming the config line); it never stops the others.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.hpp"

namespace hm::daemon {

// The credential ID of the packaged unit's LoadCredential= line (systemd/hallmonitor.service);
// tests/packaging checks the two agree.
inline constexpr std::string_view kUnitCredentialId = "hallmonitor-credentials";
inline constexpr std::string_view kUnitCredentialDir = "/etc/hallmonitor/credentials";
// systemd refuses credentials larger than this (CREDENTIAL_SIZE_MAX in systemd 252).
inline constexpr std::uintmax_t kSystemdCredentialMax = 1024 * 1024;

// Where credentials are read from, given the environment.
struct CredentialSource {
  std::filesystem::path dir;
  bool from_systemd = false;  // dir is $CREDENTIALS_DIRECTORY
};
CredentialSource credential_source(const config::Config& cfg);

// The one lookup: where credential `name` is in `source`, or why it is not usable there (a
// sentence without the owner, e.g. "'jh-facebook' not found in /run/credentials/...").
struct CredentialFile {
  std::optional<std::filesystem::path> file;
  std::string problem;
};
CredentialFile credential_file(const CredentialSource& source, std::string_view name);

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
