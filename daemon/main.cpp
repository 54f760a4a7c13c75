// hallmonitord: the moderation daemon. See README.md and DESIGN.md §7, §9.
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <csignal>
#include <exception>
#include <iostream>

#include "daemon/allocator.hpp"
#include "daemon/config.hpp"
#include "daemon/demo.hpp"
#include "daemon/service.hpp"

int main(int argc, char** argv) {
  // Past a file-size limit (RLIMIT_FSIZE) the kernel would kill the daemon with SIGXFSZ, without
  // a word. Ignored, the write fails with EFBIG instead and takes the disk-full path: the
  // transaction is rolled back, logged, refused with 507 and reported by /healthz.
  std::signal(SIGXFSZ, SIG_IGN);
  hm::daemon::tune_allocator();
  // One keep-alive connection per channel, plus the console's (up to 256) and the database's:
  // a trust's 900 channels pass systemd's default soft limit of 1,024 descriptors. The hard
  // limit is the admin's to set (LimitNOFILE=); the soft one is raised to it, as systemd advises
  // for programs that use epoll rather than select.
  if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 65536);
    setrlimit(RLIMIT_NOFILE, &files);
  }
  CLI::App app{"hallmonitord: moderates schools' official social media channels"};
  std::string config = "/etc/hallmonitor/hallmonitor.toml";
  bool check = false, check_first = false, online = false, demo = false;
  std::string duration;
  app.add_option("--config", config, "configuration file")->capture_default_str();
  app.add_flag("--check", check,
               "validate config, filters and credentials, then exit (0 ok, 2 problems)");
  // The unit's ExecStart: the check runs in the main process, so its exit status 2 is the
  // unit's (RestartPreventExitStatus=2 applies to the main process only, not ExecStartPre=).
  app.add_flag("--check-first", check_first,
               "run --check, and start only if it passes (exit 2 otherwise, not restarted)");
  app.add_flag("--online", online,
               "with --check: one read-only call per channel proving its token, account, "
               "permissions and rate-limit headroom");
  app.add_flag("--demo", demo,
               "run on the local platform emulator with a stream of sample comments");
  app.add_option("--demo-duration", duration, "with --demo: stop after this long, e.g. 30s");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (demo) {
      std::optional<std::chrono::seconds> limit;
      if (!duration.empty()) {
        limit = hm::config::parse_duration(duration);
        if (!limit) {
          std::cerr << "hallmonitord: --demo-duration must look like 30s, 5m or 1h\n";
          return 2;
        }
      }
      return hm::daemon::run_demo(std::filesystem::canonical("/proc/self/exe"), limit);
    }
    if (online && !check) {
      std::cerr << "hallmonitord: --online goes with --check\n";
      return 2;
    }
    if (check) return hm::daemon::check_config(config, online);
    if (check_first)
      if (int problems = hm::daemon::check_config(config, false); problems != 0) return problems;
    hm::daemon::ServiceOptions options;
    options.config_file = config;
    return hm::daemon::run_service(options);
  } catch (const std::exception& e) {
    // Only infrastructure failures reach here (out of memory, a bug).
    std::cerr << "<2>hallmonitord: " << e.what() << "\n";
    return 1;
  }
}
