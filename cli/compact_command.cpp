// hallmonitorctl compact: give back the disk space retention freed inside the database file
// (store/compact.hpp says why this is an admin's step, with the daemon stopped).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_access.hpp"
#include "cli/database_path.hpp"
#include "store/compact.hpp"

namespace hm::cli {
namespace {

struct CompactOptions {
  std::filesystem::path config;
};

using store::megabytes;

int compact(const CompactOptions& o) {
  auto config = load_config_or_report(o.config);
  if (!config) return 2;
  const auto db = database_path(*config);
  // As the daemon's user, so that the rewritten file and its WAL stay the daemon's.
  act_as_state_dir_owner(config->daemon.state_dir);
  const auto report = store::compact(db, [&](const store::CompactPlan& plan) {
    std::cout << "compacting " << db.string() << " (" << megabytes(plan.file_bytes) << ", "
              << megabytes(plan.free_bytes) << " of it in free pages)\n"
              << "this takes about a second per 100,000 comments; keep the daemon stopped "
                 "until it ends\n"
              << std::flush;
  });
  const auto before = report.plan.file_bytes;
  const auto after = report.bytes_after;
  std::cout << "compacted: " << megabytes(before) << " -> " << megabytes(after) << " ("
            << megabytes(before > after ? before - after : 0) << " given back)\n";
  return 0;
}

}  // namespace

void add_compact_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<CompactOptions>();
  CLI::App* cmd = app.add_subcommand(
      "compact",
      "Give back the disk space that retention freed inside the database (stop the daemon "
      "first)");
  cmd->add_option("--config", options->config, "hallmonitor config file")->required();
  cmd->callback([options, &run] { run = [options] { return compact(*options); }; });
}

}  // namespace hm::cli
