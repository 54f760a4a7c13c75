// hallmonitord as a whole (DESIGN.md §7): loads the config, opens the store, starts one poll
// loop per channel, the executor, the HTTP listener (/healthz, /metrics), the retention job and
// the systemd watchdog; SIGHUP re-reads the whole config (filters, school data, and the channels:
// daemon/channel_set.hpp), SIGTERM/SIGINT stop gracefully. Its console and front wiring is in
// daemon/service_console.hpp.
//
// Error policy: a bad config, bad rules, an unusable listen address or a damaged database stop
// start-up with a clear message (exit 2, or 1 for the database). Once running, nothing a
// platform, a client or a comment does ends the process: failures are logged with syslog
// priority prefixes on stderr and the affected channel or request recovers or waits.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>

namespace hm::daemon {

struct ServiceOptions {
  std::filesystem::path config_file;
  // Called once the daemon is ready, on its io_context (the demo starts its comment stream).
  std::function<void(boost::asio::io_context&)> on_ready;
  // Stop by itself after this long, as on SIGTERM (bounded demo runs and tests).
  std::optional<std::chrono::seconds> stop_after;
};

// Runs until SIGTERM or SIGINT. Returns the process exit code.
int run_service(const ServiceOptions& options);

// --check: config, filters, schools and every channel's credential (daemon/channel_checks.hpp).
// Prints problems as "file:line: message"; returns 0 when all is well, 2 otherwise. With
// `online`, then one read-only call per channel (daemon/online_check.hpp); 2 if any fails.
int check_config(const std::filesystem::path& config_file, bool online = false);

}  // namespace hm::daemon
