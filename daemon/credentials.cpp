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
  CredentialLookup out;
  fs::path file = credentials_directory(cfg) / channel.credential;
  auto problem = [&](std::string what) {
    out.problem = config::Problem{cfg.file.string(), channel.credential_line,
                                  "channel '" + channel.id + "': credential " + what};
  };
  std::error_code ec;
  auto status = fs::status(file, ec);
  if (ec || !fs::exists(status)) {
    problem("'" + channel.credential + "' not found in " + credentials_directory(cfg).string());
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

}  // namespace hm::daemon
