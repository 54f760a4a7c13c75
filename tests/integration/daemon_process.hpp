// Test helper: runs hallmonitord as a child process with a config, its stderr captured to a
// file, and waits (bounded) for its "ready" line. The destructor SIGKILLs it if still running.
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace hm::test {

class DaemonProcess {
 public:
  DaemonProcess(const std::filesystem::path& config, const std::filesystem::path& log) : log_(log) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(fd, 2);
      ::execl(HM_DAEMON_PATH, HM_DAEMON_PATH, "--config", config.c_str(), nullptr);
      ::_exit(127);
    }
    if (!wait_for_log("hallmonitord ready", std::chrono::seconds(30)))
      throw std::runtime_error("hallmonitord did not get ready:\n" + log_text());
  }
  ~DaemonProcess() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  void signal(int signo) { ::kill(pid_, signo); }
  pid_t pid() const { return pid_; }
  bool running() {
    if (exited_) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      status_ = status;
    }
    return !exited_;
  }
  // The exit code after SIGTERM, or -1 if it did not exit in time.
  int wait_exit(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!exited_) return -1;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }
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
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace hm::test
