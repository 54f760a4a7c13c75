// hallmonitorctl erase-author: carry out a data-protection erasure request for one author.
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_path.hpp"
#include "store/store.hpp"

namespace hm::cli {
namespace {

struct EraseAuthorOptions {
  std::filesystem::path config;
  std::string platform;
  std::string author;
  std::string actor;
};

int erase_author(const EraseAuthorOptions& o) {
  auto config = load_config_or_report(o.config);
  if (!config) return 2;
  auto platform = moderation::parse_platform(o.platform);
  if (!platform) {
    std::cerr << "hallmonitorctl: --platform: " << platform.error() << "\n";
    return 2;
  }
  const auto db = database_path(*config);
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) {
    std::cerr << "hallmonitorctl: no database at " << db.string() << "\n";
    return 1;
  }
  std::string actor = o.actor;
  if (actor.empty()) {
    const char* user = std::getenv("USER");
    actor = std::string("hallmonitorctl:") + (user ? user : "unknown");
  }
  // The daemon's writer owns checkpoints; this process only waits for the write lock.
  store::Store store(db, {.run_checkpoints = false, .retry = {}});
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto report = store.erase_author(*platform, o.author, actor, now);
  std::cout << "erased " << report.comment_ids.size() << " comment(s), removed "
            << report.strikes_removed << " strike(s), withdrew " << report.blocks_withdrawn
            << " proposed block(s); recorded in the audit log\n";
  return 0;
}

}  // namespace

void add_erase_author_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<EraseAuthorOptions>();
  CLI::App* cmd = app.add_subcommand(
      "erase-author",
      "Erase an author's comment text, name and strikes (data-protection erasure request)");
  cmd->add_option("--config", options->config, "hallmonitor config file")->required();
  cmd->add_option("--platform", options->platform, "facebook, instagram or x")->required();
  cmd->add_option("--author", options->author, "the platform's user id of the author")->required();
  cmd->add_option("--actor", options->actor,
                  "who handled the request, for the audit log (default: hallmonitorctl:$USER)");
  cmd->callback([options, &run] { run = [options] { return erase_author(*options); }; });
}

}  // namespace hm::cli
