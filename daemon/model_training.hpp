// One training run of the daemon's own ([learning] retrain, issue 16): the config file as a
// reload would read it now, its [learning] examples files, the everyday comments in its filters
// folder and every school's stored decisions (on a reader connection), learned as
// `hallmonitorctl learn --examples ... --from-store` would, and written atomically over
// [learning] model. The daemon runs it on its reload thread, never the io thread; the new model
// loads with the reload that follows.
//
// Error policy: nothing throws. A config that does not load, an examples file that cannot be
// read whole, examples of one class only, or a model file that cannot be written come back as
// the outcome's message, and the model file stays as it was.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "daemon/school_classifier.hpp"

namespace hm::daemon {

struct TrainingOutcome {
  bool written = false;
  std::string message;  // for the journal: what was learned, or why nothing was
};

// `live`: the snapshot serving now: its link rule's safe sites are learned as trusted links, and
// its model's thresholds (when one is loaded) are kept.
TrainingOutcome train_model(const std::filesystem::path& config_file,
                            const std::filesystem::path& database,
                            std::shared_ptr<const SchoolClassifier> live);

}  // namespace hm::daemon
