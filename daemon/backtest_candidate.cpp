#include "daemon/backtest_candidate.hpp"

namespace hm::daemon {

console::BacktestCandidate backtest_candidate(std::shared_ptr<const SchoolClassifier> live,
                                              const std::filesystem::path& config_file,
                                              bool on_disk, bool model_on) {
  console::BacktestCandidate out;
  std::shared_ptr<const SchoolClassifier> judge = std::move(live);
  if (on_disk) {
    try {
      auto loaded = config::load(config_file);
      if (!loaded.config) {
        out.problem = "the config file on disk does not load, so a reload would fail: " +
                      (loaded.problems.empty() ? std::string("unknown problem")
                                               : loaded.problems.front().str());
        return out;
      }
      auto built = SchoolClassifier::build(*loaded.config, judge->exceptions());
      if (!built.classifier) {
        out.problem =
            "the filters on disk do not load, so a reload would fail: " +
            (built.problems.empty() ? std::string("unknown problem") : built.problems.front());
        return out;
      }
      judge = std::move(built.classifier);
    } catch (const std::exception& e) {
      out.problem = std::string("the configuration on disk could not be read: ") + e.what();
      return out;
    }
  }
  if (model_on && !judge->has_model()) {
    out.problem =
        "there is no learned model to try: learn one (hallmonitorctl learn), set [learning] "
        "model and mode = \"shadow\", and reload";
    return out;
  }
  out.judge = backtest_judge(std::move(judge), model_on);
  return out;
}

}  // namespace hm::daemon
