// hallmonitorctl backtest: the current or a candidate rule set (and learned model) over the
// comments the daemon stored in the last N days, against how they were judged: what would be
// newly hidden, newly shown, and each rule's hits before and after (issue 16). Read-only; it
// works while the daemon runs. Only comments whose text retention still holds can be judged
// again, and the schools' filter exceptions apply as in the daemon.
#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "cli/database_access.hpp"
#include "cli/load_filters.hpp"
#include "cli/terminal_text.hpp"
#include "filters/filter_exception.hpp"
#include "filters/learned/second_opinion.hpp"
#include "moderation/backtest.hpp"
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

struct SchoolJudge {
  std::shared_ptr<const filters::School> school;
  moderation::SchoolPolicy policy;
  std::vector<std::string> trusted_domains;
};

int run_backtest(const BacktestOptions& o) {
  auto loaded = load_filters(o.config, "");
  if (!loaded) return 2;
  std::shared_ptr<const filters::Pipeline> pipeline = loaded->pipeline;
  if (!o.filters.empty()) {
    auto candidate = filters::Pipeline::load(o.filters);
    for (const auto& p : candidate.problems) std::cerr << p.str() << "\n";
    if (!candidate.pipeline) return 2;
    pipeline = candidate.pipeline;
  }
  std::optional<filters::learned::SpamModel> model;
  if (!o.model.empty() && !(model = load_model(o.model))) return 2;
  if (!o.school.empty() && !loaded->config.find_school(o.school)) {
    std::cerr << "hallmonitorctl: no [[school]] with id '" << o.school << "'\n";
    return 2;
  }
  std::map<std::string, SchoolJudge, std::less<>> judges;
  for (const auto& s : loaded->config.schools) {
    auto fs = filters::School::load(profile_of(s));
    for (const auto& p : fs.problems) std::cerr << p.str() << "\n";
    if (!fs.school) return 2;
    judges[s.id] = {fs.school, s.policy,
                    filters::learned::trusted_domains(*pipeline, s.own_domains)};
  }

  auto db = open_account_reader(loaded->config);
  const auto exceptions = store::exception_texts(db);
  const auto since = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now() - std::chrono::hours(24) * o.days);
  store::BacktestJudge judge;
  judge.policy = [&](std::string_view school) -> const moderation::SchoolPolicy* {
    auto it = judges.find(school);
    return it == judges.end() ? nullptr : &it->second.policy;
  };
  judge.verdict = [&](std::string_view text, std::string_view school) {
    const SchoolJudge& j = judges.find(school)->second;
    filters::Verdict v = pipeline->classify(text, *j.school);
    if (model)
      filters::learned::add_second_opinion(v, model->judge(text, j.trusted_domains), text.size());
    if (filters::exception_clears(v) &&
        exceptions.count({std::string(school), filters::exception_text(text)}))
      v = filters::Verdict{};
    return v;
  };
  const store::BacktestResult result = store::backtest_stored(
      db, since, o.school.empty() ? std::nullopt : std::optional<std::string>(o.school), judge,
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
  std::vector<std::pair<std::string, moderation::RuleHits>> rows(tally.rules.begin(),
                                                                 tally.rules.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::llabs(a.second.after - a.second.before) >
           std::llabs(b.second.after - b.second.before);
  });
  for (const auto& [rule, hits] : rows)
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
