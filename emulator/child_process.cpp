#include "emulator/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace hm::process {

ChildProcess::ChildProcess(ChildOptions options) : destructor_signal_(options.destructor_signal) {
  if (options.argv.empty()) throw std::runtime_error("ChildProcess: no program");
  int fds[2] = {-1, -1};
  if (options.out == Stdout::pipe && ::pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error("ChildProcess: pipe failed");
  // Everything the child needs is prepared before fork: only async-signal-safe calls after.
  std::vector<char*> argv;
  for (auto& a : options.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = options.log.string();
  const int log_flags = O_WRONLY | O_CREAT | O_CLOEXEC | (options.append_log ? O_APPEND : O_TRUNC);
  pid_ = ::fork();
  if (pid_ < 0) {
    if (fds[0] >= 0) ::close(fds[0]), ::close(fds[1]);
    throw std::runtime_error("ChildProcess: fork failed");
  }
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, options.parent_death_signal);
    if (!log.empty()) {
      const int fd = ::open(log.c_str(), log_flags, 0600);
      if (fd >= 0) {
        ::dup2(fd, STDERR_FILENO);
        if (options.out == Stdout::log) ::dup2(fd, STDOUT_FILENO);
      }
    }
    if (options.out == Stdout::pipe) ::dup2(fds[1], STDOUT_FILENO);
    if (std::strchr(argv[0], '/'))
      ::execv(argv[0], argv.data());
    else
      ::execvp(argv[0], argv.data());  // a bare name ("python3") is looked up on PATH
    ::_exit(127);
  }
  if (options.out == Stdout::pipe) {
    ::close(fds[1]);
    out_ = fds[0];
  }
}

ChildProcess::~ChildProcess() {
  if (running() && stop(destructor_signal_, std::chrono::seconds(2)) < 0) stop(SIGKILL);
  if (out_ >= 0) ::close(out_);
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (auto nl = pending_.find('\n'); nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (out_ < 0 || left.count() <= 0) return std::nullopt;
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 200))) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) {
      eof_ = true;
      return std::nullopt;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
  }
}

bool ChildProcess::running() {
  if (exited_ || pid_ <= 0) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

void ChildProcess::signal(int signo) const {
  if (pid_ > 0 && !exited_) ::kill(pid_, signo);
}

int ChildProcess::wait_exit(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (running()) return -1;
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
}

int ChildProcess::stop(int signo, std::chrono::milliseconds limit) {
  signal(signo);
  return wait_exit(limit);
}

std::string tail_of_file(const std::filesystem::path& file, int lines) {
  std::ifstream in(file);
  if (!in) return "(no log)";
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

}  // namespace hm::process
