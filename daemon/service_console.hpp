// What hallmonitord's listener serves, wired to the running service (daemon/service.cpp): the
// console's hooks into the classifier, the executor, the filter exceptions and the channels; its
// options and school list from the config; and what /healthz and /metrics read
// (daemon/http_front.hpp). Kept apart from the service's start, stop and reload.
//
// Error policy: nothing here fails. Every hook reads the running service when it is called, on
// the io thread, so a reload that swaps the classifier or the channels is seen at the next call.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "console/console_api.hpp"
#include "daemon/action_executor.hpp"
#include "daemon/channel_status.hpp"
#include "daemon/config.hpp"
#include "daemon/filter_exceptions.hpp"
#include "daemon/http_front.hpp"
#include "daemon/school_classifier.hpp"
#include "store/store.hpp"

namespace hm::daemon {

// The parts of the running service the console and the front read. References: the service
// owns them and outlives the listener.
struct ServiceView {
  const std::shared_ptr<const SchoolClassifier>& classifier;  // swapped by a reload
  ActionExecutor& executor;
  FilterExceptions& exceptions;
  std::function<std::vector<ChannelStatus>()> channels;  // the polled channels now
  store::Store& store;
  const std::unique_ptr<console::ConsoleApi>& console;  // made once the listener is bound
  const bool& ready;                                    // past start-up
  const std::vector<std::string>& trusted_proxies;      // [console] trusted_proxies
  const std::filesystem::path& config_file;             // what a reload reads
};

// The schools and channels the console lists, from the config.
std::vector<console::SchoolInfo> console_schools(const config::Config& cfg);

console::ConsoleHooks console_hooks(const ServiceView& service);

// `loopback`: the listener is bound to a loopback address.
console::ConsoleOptions console_options(const config::Config& cfg, bool tls, bool loopback);

// `metrics_token`: the bearer token read from [console] metrics_credential, or empty.
FrontSources front_sources(const ServiceView& service, const config::Config& cfg,
                           std::string metrics_token);

// The token of [console] metrics_credential, trimmed of surrounding white space (a file made
// with `echo` ends in a newline); empty when none is configured. `problem` says why a
// configured one could not be read (then the token is empty: /metrics stays closed).
std::string read_metrics_token(const config::Config& cfg, std::string& problem);

}  // namespace hm::daemon
