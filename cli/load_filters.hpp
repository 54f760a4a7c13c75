// Loading the config, the filter rules and a school's profile for a command, with the
// problems printed the way admins expect ("file:line: message") and exit code 2.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "daemon/config.hpp"
#include "filters/learned/spam_model.hpp"
#include "filters/pipeline.hpp"
#include "moderation/policy.hpp"

namespace hm::cli {

struct LoadedFilters {
  config::Config config;
  std::shared_ptr<const filters::Pipeline> pipeline;
  std::shared_ptr<const filters::School> school;
  moderation::SchoolPolicy policy;  // the school's, as the daemon applies it
};

// Prints every problem to stderr and returns nullopt when anything is wrong. `school_id` empty:
// the first school in the config.
std::optional<LoadedFilters> load_filters(const std::string& config_file,
                                          const std::string& school_id);

filters::SchoolProfile profile_of(const config::School& school);

// A `hallmonitorctl learn` model file (classify --model, backtest --model); prints why it cannot
// be used and returns nullopt.
std::optional<filters::learned::SpamModel> load_model(const std::string& file);

}  // namespace hm::cli
