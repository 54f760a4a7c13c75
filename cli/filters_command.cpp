// hallmonitorctl filters check: validates rules.toml, every list it names and every school's
// protected names; prints each problem as "file:line: message" and exits 2 if there are any.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/load_filters.hpp"

namespace hm::cli {
namespace {

int run_check(const std::string& config_file) {
  auto loaded = config::load(config_file);
  for (const auto& p : loaded.problems) std::cerr << p.str() << "\n";
  if (!loaded.config) return 2;
  bool ok = true;
  auto pipeline = filters::Pipeline::load(loaded.config->filters_dir);
  for (const auto& p : pipeline.problems) std::cerr << p.str() << "\n";
  ok = ok && pipeline.pipeline;
  for (const auto& school : loaded.config->schools) {
    auto s = filters::School::load(profile_of(school));
    for (const auto& p : s.problems) std::cerr << p.str() << "\n";
    ok = ok && s.school;
  }
  if (!ok) return 2;
  std::cout << "ok: " << pipeline.pipeline->rule_count() << " rules in "
            << loaded.config->filters_dir.string() << ", " << loaded.config->schools.size()
            << " school(s)\n";
  return 0;
}

}  // namespace

void add_filters_command(CLI::App& app, Runner& run) {
  auto* filters = app.add_subcommand("filters", "Work with filter rules");
  filters->require_subcommand(1);
  auto config = std::make_shared<std::string>();
  auto* check = filters->add_subcommand("check", "Validate rules, lists and protected names");
  check->add_option("--config", *config, "hallmonitor config file")->required();
  check->callback([config, &run] { run = [config] { return run_check(*config); }; });
}

}  // namespace hm::cli
