// hallmonitorctl backtest: the current or a candidate rule set (and learned model) over the
// comments the daemon stored in the last N days, against how they were judged: what would be
// newly hidden, newly shown, and each rule's hits before and after (issue 16). Read-only; it
// works while the daemon runs. Only comments whose text retention still holds can be judged
// again, and the schools' filter exceptions apply as in the daemon.
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_access.hpp"
#include "cli/terminal_text.hpp"
#include "daemon/school_classifier.hpp"
#include "store/backtest_pass.hpp"

namespace hm::cli {
namespace {

struct BacktestOptions {
  std::string config;
  int days = 30;
  std::string filters;  // a candidate filters folder; empty: the config's
  std::string model;    // a candidate model; empty: none
  std::string school;
  bool show = false;  // print each comment whose outcome would change
};

int run_backtest(const BacktestOptions& o) {
  auto loaded = config::load(o.config);
  for (const auto& p : loaded.problems) std::cerr << p.str() << "\n";
  if (!loaded.config) return 2;
  config::Config cfg = std::move(*loaded.config);
  if (!o.school.empty() && !cfg.find_school(o.school)) {
    std::cerr << "hallmonitorctl: no [[school]] with id '" << o.school << "'\n";
    return 2;
  }
  // The candidate, judged exactly as the daemon judges a new comment (SchoolClassifier): the
  // candidate filters folder, and the candidate model as if active; no model without one.
  if (!o.filters.empty()) cfg.filters_dir = o.filters;
  cfg.learning.model = o.model;
  cfg.learning.mode = o.model.empty() ? config::ModelMode::off : config::ModelMode::active;

  auto exceptions = std::make_shared<daemon::FilterExceptions>();
  auto built = daemon::SchoolClassifier::build(cfg, exceptions);
  for (const auto& p : built.problems) std::cerr << p << "\n";
  if (!built.classifier) return 2;
  auto db = open_account_reader(cfg);
  const auto texts = store::exception_texts(db);  // the schools' filter exceptions, as stored
  exceptions->replace({texts.begin(), texts.end()});
  const auto since = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now() - std::chrono::hours(24) * o.days);
  const store::BacktestResult result = store::backtest_stored(
      db, since, o.school.empty() ? std::nullopt : std::optional<std::string>(o.school),
      daemon::backtest_judge(built.classifier, !o.model.empty()),
      [&](const store::BacktestChange& c) {
        if (o.show)
          std::cout << (c.now_hidden ? "newly hidden: " : "newly shown:  ") << c.stored.school_id
                    << ": " << terminal_safe(c.stored.text, 120) << "\n";
      });
  const moderation::BacktestTally& tally = result.tally;

  std::cout << "backtest over " << tally.comments << " comment(s) first seen in the last " << o.days
            << " day(s) whose text is still held"
            << (o.filters.empty() ? "" : ", candidate filters " + o.filters)
            << (o.model.empty() ? "" : ", model " + o.model) << ":\n"
            << "  newly hidden: " << tally.newly_hidden << "\n"
            << "  newly shown:  " << tally.newly_shown << "\n"
            << "  categories changed: " << tally.changed << "\n";
  if (result.unknown_school)
    std::cout << "  skipped " << result.unknown_school
              << " comment(s) of schools no longer configured\n";
  std::cout << "rule hits (before -> after), changed rules first:\n";
  for (const auto& [rule, hits] : tally.rules_changed_first())
    std::cout << "  " << std::left << std::setw(40) << rule << " " << hits.before << " -> "
              << hits.after << "\n";
  return 0;
}

}  // namespace

void add_backtest_command(CLI::App& app, Runner& run) {
  auto o = std::make_shared<BacktestOptions>();
  auto* cmd = app.add_subcommand(
      "backtest", "Judge the stored comments of the last days again with candidate rules or model");
  cmd->add_option("--config", o->config, "hallmonitor config file")->required();
  cmd->add_option("--days", o->days, "how many days back")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  cmd->add_option("--filters", o->filters, "a candidate filters folder (default: the config's)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--model", o->model, "a candidate spam model from `hallmonitorctl learn`")
      ->check(CLI::ExistingFile);
  cmd->add_option("--school", o->school, "only this school's comments");
  cmd->add_flag("--show", o->show, "print each comment whose outcome would change");
  cmd->callback([o, &run] { run = [o] { return run_backtest(*o); }; });
}

}  // namespace hm::cli
