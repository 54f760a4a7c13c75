#include "daemon/model_training.hpp"

#include <cstdio>

#include "filters/learned/second_opinion.hpp"
#include "filters/learned/training_set.hpp"
#include "store/atomic_file.hpp"
#include "store/learning_examples.hpp"

namespace hm::daemon {

namespace learned = filters::learned;

TrainingOutcome train_model(const std::filesystem::path& config_file,
                            const std::filesystem::path& database,
                            std::shared_ptr<const SchoolClassifier> live) {
  TrainingOutcome out;
  try {
    const auto loaded = config::load(config_file);
    if (!loaded.config) {
      out.message = "learning: not learned, the config does not load: " +
                    (loaded.problems.empty() ? std::string("unknown problem")
                                             : loaded.problems.front().str());
      return out;
    }
    const config::Config& cfg = *loaded.config;
    if (cfg.learning.model.empty()) {
      out.message = "learning: not learned, [learning] model names no file";
      return out;
    }
    const auto trusted = learned::trusted_domains(live->pipeline(), cfg.every_own_domain());
    std::vector<learned::Source> sources;
    for (const auto& file : cfg.learning.examples) {
      std::string error;
      auto s = learned::read_labelled_rows(file, trusted, error);
      if (!s) {
        out.message = "learning: not learned, " + error;
        return out;
      }
      sources.push_back(std::move(*s));
    }
    // The page's own talk: the everyday comments and the moderators' decisions, one source.
    auto page =
        learned::read_everyday_comments(learned::everyday_comments_file(cfg.filters_dir), trusted);
    std::size_t decisions = 0;
    {
      store::Connection reader(database, store::Connection::Mode::reader);
      for (auto& e : store::learning_examples(reader, std::nullopt)) {
        page.examples.push_back({std::move(e.slots), e.spam});
        ++decisions;
      }
    }
    sources.push_back(std::move(page));
    std::string why;
    const auto set = learned::assemble(std::move(sources), why);
    if (!set) {
      out.message = "learning: not learned, " + why;
      return out;
    }
    // The thresholds of the model in use, if any: an admin may have chosen them with `learn`.
    learned::LearnOptions options;
    if (const auto in_use = live->model_info()) {
      options.flag_at = in_use->flag_at;
      options.review_at = in_use->review_at;
    }
    const learned::Learned result = learned::learn_now(*set, options);
    std::string error;
    if (!store::write_file_atomically(cfg.learning.model, result.model.serialize(), 0644, true,
                                      error)) {
      out.message = "learning: not learned, " + error;
      return out;
    }
    char took[32];
    std::snprintf(took, sizeof took, "%.2f", result.seconds);
    out.written = true;
    out.message = "learning: learned " + cfg.learning.model.string() + " from " +
                  std::to_string(set->examples.size()) + " examples (" + std::to_string(decisions) +
                  " moderator decisions, " + std::to_string(set->spam) + " spam in all) in " +
                  took + " s";
  } catch (const std::exception& e) {
    out.message = std::string("learning: not learned, ") + e.what();
  }
  return out;
}

}  // namespace hm::daemon
