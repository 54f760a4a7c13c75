#include "daemon/credentials.hpp"

#include <cstdlib>
#include <fstream>

namespace hm::daemon {
namespace fs = std::filesystem;

namespace {
// What systemd's directory load skips or refuses (recurse_dir with RECURSE_DIR_IGNORE_DOT,
// regular files only, CREDENTIAL_SIZE_MAX), said in the admin's words; empty when usable.
std::string unusable(const fs::path& file, bool from_systemd) {
  std::error_code ec;
  auto link = fs::symlink_status(file, ec);
  if (!from_systemd && fs::is_symlink(link))
    return "'" + file.string() +
           "' is a symbolic link: systemd's LoadCredential= skips links, copy the file there";
  auto status = fs::status(file, ec);
  if (!fs::is_regular_file(status)) return "'" + file.string() + "' is not a file";
  if (std::ifstream probe(file); !probe)
    return "'" + file.string() + "' cannot be read (permissions?)";
  auto size = fs::file_size(file, ec);
  if (ec || size == 0) return "'" + file.string() + "' is empty";
  if (size > kSystemdCredentialMax)
    return "'" + file.string() + "' is larger than systemd's 1 MiB limit for a credential";
  return {};
}

bool exists_at(const fs::path& file) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(file, ec));
}
}  // namespace

CredentialSource credential_source(const config::Config& cfg) {
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) return {dir, true};
  return {cfg.daemon.credentials_dir, false};
}

CredentialFile credential_file(const CredentialSource& source, std::string_view name) {
  CredentialFile out;
  const std::string quoted = "'" + std::string(name) + "'";
  // A credential name is one file name in one directory, as systemd's are.
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
    out.problem = quoted + " is not a file name (no '/'; one file in the credentials directory)";
    return out;
  }
  if (name.front() == '.') {
    out.problem = quoted + " starts with '.': systemd's LoadCredential= skips hidden files";
    return out;
  }
  fs::path file = source.dir / name;
  if (source.from_systemd) {
    // The unit's directory load names it "<id>_<file>"; a credential loaded on its own by a
    // drop-in keeps the plain name.
    std::string id(kUnitCredentialId);
    id.append("_").append(name);
    fs::path prefixed = source.dir / id;
    if (exists_at(prefixed) || !exists_at(file)) file = prefixed;
  }
  if (!exists_at(file)) {
    out.problem = quoted + " not found in " + source.dir.string();
    if (source.from_systemd)
      out.problem += " (systemd loads " + std::string(kUnitCredentialDir) + "/" +
                     std::string(name) + " as " + file.filename().string() +
                     "; is the file there?)";
    return out;
  }
  out.problem = unusable(file, source.from_systemd);
  if (out.problem.empty()) out.file = file;
  return out;
}

CredentialLookup find_credential(const config::Config& cfg, const config::Channel& channel) {
  return find_named_credential(cfg, channel.credential, channel.credential_line,
                               "channel '" + channel.id + "'");
}

CredentialLookup find_named_credential(const config::Config& cfg, std::string_view name, int line,
                                       std::string_view owner) {
  CredentialLookup out;
  auto found = credential_file(credential_source(cfg), name);
  if (found.file)
    out.file = found.file;
  else
    out.problem = config::Problem{cfg.file.string(), line,
                                  std::string(owner) + ": credential " + found.problem};
  return out;
}

std::vector<config::Problem> missing_alert_credentials(const config::Config& cfg) {
  std::vector<config::Problem> out;
  for (const auto& school : cfg.schools) {
    const auto& g = school.safeguarding;
    if (g.webhook_credential.empty()) continue;
    auto found = find_named_credential(cfg, g.webhook_credential, g.webhook_credential_line,
                                       "school '" + school.id + "': safeguarding webhook");
    if (found.problem) out.push_back(*found.problem);
  }
  if (cfg.smtp && !cfg.smtp->credential.empty()) {
    auto found = find_named_credential(cfg, cfg.smtp->credential, cfg.smtp->credential_line,
                                       "[alerts] smtp password");
    if (found.problem) out.push_back(*found.problem);
  }
  return out;
}

}  // namespace hm::daemon
