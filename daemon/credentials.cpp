#include "daemon/credentials.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hm::daemon {
namespace fs = std::filesystem;

fs::path credentials_directory(const config::Config& cfg) {
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) return dir;
  return cfg.daemon.credentials_dir;
}

CredentialLookup find_credential(const config::Config& cfg, const config::Channel& channel) {
  return find_named_credential(cfg, channel.credential, channel.credential_line,
                               "channel '" + channel.id + "'");
}

CredentialLookup find_named_credential(const config::Config& cfg, std::string_view name, int line,
                                       std::string_view owner) {
  CredentialLookup out;
  fs::path file = credentials_directory(cfg) / name;
  auto problem = [&](std::string what) {
    out.problem =
        config::Problem{cfg.file.string(), line, std::string(owner) + ": credential " + what};
  };
  std::error_code ec;
  auto status = fs::status(file, ec);
  if (ec || !fs::exists(status)) {
    problem("'" + std::string(name) + "' not found in " + credentials_directory(cfg).string());
  } else if (!fs::is_regular_file(status)) {
    problem("'" + file.string() + "' is not a file");
  } else if (std::ifstream probe(file); !probe) {
    problem("'" + file.string() + "' cannot be read (permissions?)");
  } else if (fs::file_size(file, ec) == 0) {
    problem("'" + file.string() + "' is empty");
  } else {
    out.file = file;
  }
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
