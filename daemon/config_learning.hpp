// The config's [learning] table (issue 16): model, mode, and the daemon's own retraining
// (retrain, min_decisions, examples). Internal to daemon/config*.
//
// Error policy: every unknown key and bad value is reported through the Reader as
// "file:line: message"; what was read correctly is kept, the rest stays default.
#pragma once

#include "daemon/config.hpp"
#include "daemon/config_reader.hpp"

namespace hm::config {

Learning read_learning(Reader& r, const toml::table& learning);

}  // namespace hm::config
