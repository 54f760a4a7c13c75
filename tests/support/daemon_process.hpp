// Test helper: runs hallmonitord (HM_DAEMON_PATH) as a child process with a config, its stderr
// appended to a log file, and waits (bounded) for its "ready" line. Built on the one process
// launcher (emulator/child_process.hpp); the destructor SIGKILLs it if still running.
//
// Error policy: a daemon that does not get ready throws std::runtime_error with its log.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "emulator/child_process.hpp"

namespace hm::test {

class DaemonProcess {
 public:
  // `wrapper`: a command the daemon runs under, e.g. {"prlimit", "--fsize=N", "--"}.
  DaemonProcess(const std::filesystem::path& config, const std::filesystem::path& log,
                std::vector<std::string> wrapper = {})
      : log_(log), child_(child_options(config, log, std::move(wrapper))) {
    if (!wait_for_log("hallmonitord ready", std::chrono::seconds(30)))
      throw std::runtime_error("hallmonitord did not get ready:\n" + log_text());
  }

  void signal(int signo) { child_.signal(signo); }
  pid_t pid() const { return child_.pid(); }
  bool running() { return child_.running(); }
  // The exit code (128 + signal when killed), or -1 if it did not exit in time.
  int wait_exit(std::chrono::seconds limit) { return child_.wait_exit(limit); }
  std::string log_text() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The port the daemon's listener took (configs in tests listen on port 0).
  unsigned short http_port() const {
    const std::string log = log_text();
    auto at = log.find("listening on ");
    if (at == std::string::npos) return 0;
    auto colon = log.find(':', log.find("//", at) + 2);
    return static_cast<unsigned short>(std::stoi(log.substr(colon + 1)));
  }
  bool wait_for_log(const std::string& needle, std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (log_text().find(needle) != std::string::npos) return true;
      if (!running()) return log_text().find(needle) != std::string::npos;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

 private:
  static process::ChildOptions child_options(const std::filesystem::path& config,
                                             const std::filesystem::path& log,
                                             std::vector<std::string> wrapper) {
    process::ChildOptions o;
    o.argv = std::move(wrapper);
    for (std::string arg : {std::string(HM_DAEMON_PATH), std::string("--config"), config.string()})
      o.argv.push_back(std::move(arg));
    o.log = log;
    o.append_log = true;  // one log across restarts (the crash test)
    o.destructor_signal = SIGKILL;
    return o;
  }

  std::filesystem::path log_;
  process::ChildProcess child_;
};

}  // namespace hm::test
