// Starting hallmonitor-emulator: the one launcher the demo (hallmonitord --demo) and the C++
// tests use. It runs the binary on 127.0.0.1 with an OS-chosen port and a state folder, reads
// its ready line (emulator/ready_line.hpp) within a deadline, and stops it when destroyed.
// find_emulator says where hallmonitord looks for the binary: beside itself (the build tree
// puts it there), then the packaged /usr/lib/hallmonitor.
//
// Error policy: a binary that cannot be started, exits early or prints no valid ready line in
// time throws std::runtime_error naming the binary and quoting the end of its log.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "emulator/child_process.hpp"
#include "emulator/ready_line.hpp"

namespace hm::emulator {

struct LaunchOptions {
  std::filesystem::path binary;     // hallmonitor-emulator
  std::filesystem::path state_dir;  // created by the emulator; holds ca.pem
  std::filesystem::path log;        // its stderr; empty: state_dir's parent / "emulator.log"
  std::vector<std::string> extra_args;
  std::chrono::seconds ready_within{20};
  int parent_death_signal = SIGKILL;
};

class EmulatorProcess {
 public:
  explicit EmulatorProcess(LaunchOptions options);
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  std::uint16_t port() const { return ready_.port; }
  const std::filesystem::path& ca_file() const { return ready_.ca_file; }
  const std::filesystem::path& log() const { return log_; }
  const std::string& ready_line() const { return line_; }  // as printed
  std::string origin() const { return "https://127.0.0.1:" + std::to_string(port()); }
  std::string graph_base() const { return origin() + "/v25.0"; }
  std::string x_base() const { return origin() + "/2"; }
  // Signals the emulator and waits (bounded): its exit code, or -1 (process::ChildProcess::stop).
  int stop(int signo = SIGTERM) { return child_->stop(signo); }

 private:
  std::filesystem::path log_;
  std::unique_ptr<process::ChildProcess> child_;
  std::string line_;
  ReadyLine ready_;
};

// hallmonitor-emulator beside `daemon_binary`, else /usr/lib/hallmonitor/hallmonitor-emulator;
// std::nullopt when neither exists.
std::optional<std::filesystem::path> find_emulator(const std::filesystem::path& daemon_binary);
inline constexpr const char* kPackagedEmulator = "/usr/lib/hallmonitor/hallmonitor-emulator";

}  // namespace hm::emulator
