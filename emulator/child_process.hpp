// A child process for the emulator launcher and the tests: fork/exec with the parent-death
// signal set (a crashed parent never leaves it running), stderr to a log file, stdout either
// inherited, appended to the same log, or on a pipe read line by line with a deadline, and a
// bounded stop (signal, wait, then SIGKILL). The one place in the tree that forks a long-lived
// child; tests/support/ builds the daemon and emulator test helpers on it.
//
// Error policy: a failed pipe or fork throws std::runtime_error; a failed exec makes the child
// exit 127 (seen as an early exit). Nothing else throws; waits are bounded and say so in their
// result (std::nullopt, -1).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hm::process {

enum class Stdout { inherit, log, pipe };

struct ChildOptions {
  std::vector<std::string> argv;  // argv[0]: the program's path, or a bare name looked up on PATH
  std::filesystem::path log;      // stderr (and stdout with Stdout::log); empty: inherited
  bool append_log = false;        // append rather than truncate (one log across restarts)
  Stdout out = Stdout::inherit;
  int parent_death_signal = SIGKILL;  // what the child gets if this process dies first
  int destructor_signal = SIGTERM;    // how the destructor stops a child still running
};

class ChildProcess {
 public:
  explicit ChildProcess(ChildOptions options);
  ~ChildProcess();  // stop(destructor_signal), then SIGKILL if it is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The next line the child writes to stdout (Stdout::pipe), without its '\n'; std::nullopt at
  // end of file or when `limit` passes first.
  std::optional<std::string> read_line(std::chrono::milliseconds limit);
  bool stdout_closed() const { return eof_; }  // read_line met end of file: the child closed it
  bool running();
  void signal(int signo) const;
  // Waits up to `limit` for the child to exit: its exit code (128 + signal when killed), or -1.
  int wait_exit(std::chrono::milliseconds limit);
  // Sends `signo` and waits (bounded) for the exit; as wait_exit.
  int stop(int signo = SIGTERM, std::chrono::milliseconds limit = std::chrono::seconds(5));

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int destructor_signal_ = SIGTERM;
  std::string pending_;  // bytes read past the last line returned
  bool eof_ = false;
  bool exited_ = false;
  int status_ = 0;
};

// The last `lines` lines of a text file ("(no log)" when it cannot be read), for error messages.
std::string tail_of_file(const std::filesystem::path& file, int lines = 40);

}  // namespace hm::process
