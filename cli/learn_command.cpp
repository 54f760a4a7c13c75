// hallmonitorctl learn: a spam model from labelled rows and from the moderators' decisions the
// daemon stored, for `classify --model` and the daemon's [learning] model (issue 16). Rows are JSON
// lines with "text" and "labels" (or "categories"): spam or commercial is spam, anything else
// (clean, abuse, ...) is not. Each --examples file is one source and counts as much as any other;
// the project's own everyday school-page comments
// (<filters dir>/learned/ordinary-comments.txt) are always one more source, of non-spam.
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/database_access.hpp"
#include "cli/load_filters.hpp"
#include "filters/learned/second_opinion.hpp"
#include "filters/learned/spam_learner.hpp"
#include "filters/learned/text_features.hpp"
#include "filters/learned/training_set.hpp"
#include "store/atomic_file.hpp"
#include "store/learning_examples.hpp"

namespace hm::cli {
namespace {

namespace learned = filters::learned;

struct LearnOptions {
  std::string config;
  std::vector<std::string> examples;
  bool from_store = false;  // the moderators' decisions stored by the daemon
  std::string school;       // with from_store: only this school's
  std::string out;
  double flag_at = learned::LearnOptions{}.flag_at;
  double review_at = learned::LearnOptions{}.review_at;
  bool force = false;
};

int run_learn(const LearnOptions& o) {
  if (o.examples.empty() && !o.from_store) {
    std::cerr << "hallmonitorctl: learn needs --examples FILE, --from-store, or both\n";
    return 2;
  }
  auto loaded = load_filters(o.config, "");
  if (!loaded) return 2;
  if (!(o.flag_at > 0 && o.flag_at <= 1 && o.review_at > 0 && o.review_at <= o.flag_at)) {
    std::cerr << "hallmonitorctl: thresholds must satisfy 0 < --review-at <= --flag-at <= 1\n";
    return 2;
  }
  // Every school's own sites and the rules' safe sites read as trusted links, in training as
  // in classify and the daemon.
  const auto trusted =
      learned::trusted_domains(*loaded->pipeline, loaded->config.every_own_domain());

  std::vector<learned::Source> sources;
  for (const auto& file : o.examples) {
    std::string error;
    auto s = learned::read_labelled_rows(file, trusted, error);
    if (!s) {
      std::cerr << "hallmonitorctl: " << error << "\n";
      return 2;
    }
    std::cerr << "read " << s->examples.size() << " examples from " << file << " (" << s->spam
              << " spam or adverts"
              << (s->skipped ? ", " + std::to_string(s->skipped) + " empty rows skipped" : "")
              << ")\n";
    sources.push_back(std::move(*s));
  }
  const auto ordinary_file = learned::everyday_comments_file(loaded->config.filters_dir);
  auto ordinary = learned::read_everyday_comments(ordinary_file, trusted);
  if (ordinary.examples.empty())
    std::cerr << "warning: no everyday comments in " << ordinary_file.string()
              << "; the model may take ordinary school-page talk for spam\n";
  else
    std::cerr << "read " << ordinary.examples.size() << " everyday school-page comments from "
              << ordinary_file.string() << "\n";
  if (o.from_store) {
    // The page's own decisions are its own talk: they join the everyday comments' source.
    auto db = open_account_reader(loaded->config);
    const auto decided = store::learning_examples(
        db, o.school.empty() ? std::nullopt : std::optional<std::string>(o.school));
    std::size_t spam = 0;
    for (const auto& e : decided) {
      spam += e.spam ? 1 : 0;
      ordinary.examples.push_back({e.slots, e.spam});
    }
    std::cerr << "read " << decided.size() << " moderators' decisions from the store (" << spam
              << " spam or adverts kept hidden or deleted)\n";
  }
  sources.push_back(std::move(ordinary));

  std::string why;
  const auto set = learned::assemble(std::move(sources), why);
  if (!set) {
    std::cerr << "hallmonitorctl: " << why << "\n";
    return 2;
  }
  learned::LearnOptions options;
  options.flag_at = o.flag_at;
  options.review_at = o.review_at;
  const learned::Learned result = learned::learn_now(*set, options);
  std::string error;
  if (!store::write_file_atomically(o.out, result.model.serialize(), 0644, o.force, error)) {
    std::cerr << "hallmonitorctl: " << error << "\n";
    return 2;
  }
  std::cerr << "learned from " << set->examples.size() << " examples (" << set->spam << " spam) in "
            << std::fixed << std::setprecision(2) << result.seconds << " s; wrote " << o.out
            << " (flags at " << o.flag_at << ", asks for review from " << o.review_at << ")\n";
  return 0;
}

}  // namespace

void add_learn_command(CLI::App& app, Runner& run) {
  auto o = std::make_shared<LearnOptions>();
  auto* cmd = app.add_subcommand(
      "learn", "Learn a spam model from labelled rows (JSON lines: text, labels)");
  cmd->add_option("--config", o->config, "hallmonitor config file")->required();
  cmd->add_option("--examples", o->examples, "labelled rows; give it once per file")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--from-store", o->from_store,
                "also learn from the moderators' decisions stored by the daemon");
  cmd->add_option("--school", o->school, "with --from-store: only this school's decisions");
  cmd->add_option("--out", o->out, "the model file to write")->required();
  cmd->add_option("--flag-at", o->flag_at, "probability from which the model flags on its own")
      ->capture_default_str();
  cmd->add_option("--review-at", o->review_at,
                  "probability from which it asks for review without hiding")
      ->capture_default_str();
  cmd->add_flag("--force", o->force, "replace an existing model file");
  cmd->callback([o, &run] { run = [o] { return run_learn(*o); }; });
}

}  // namespace hm::cli
