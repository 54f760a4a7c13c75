// The console's backtest candidate (issue 16), built on a worker thread: the live classifier
// snapshot, or one built from the config file as a reload would read it now, wrapped as the
// judge store::backtest_stored runs. Building from disk reads the lists and compiles the RE2
// sets (a good fraction of a second), which is why it never runs on the io thread.
//
// Error policy: a config, list or model on disk that does not load, or a model asked for where
// none is loaded, comes back as the candidate's problem in words; nothing throws.
#pragma once

#include <filesystem>
#include <memory>

#include "console/console_api.hpp"
#include "daemon/school_classifier.hpp"

namespace hm::daemon {

console::BacktestCandidate backtest_candidate(std::shared_ptr<const SchoolClassifier> live,
                                              const std::filesystem::path& config_file,
                                              bool on_disk, bool model_on);

}  // namespace hm::daemon
