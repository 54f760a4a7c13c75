#include "cli/password_input.hpp"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

namespace hm::cli {
namespace {

// The terminal's settings before echo was turned off, for the signal handler: Ctrl-C at the
// prompt must not leave the admin's shell without echo.
termios g_saved{};

extern "C" void restore_and_reraise(int sig) {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);  // async-signal-safe
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Echo off for as long as it lives.
class NoEcho {
 public:
  NoEcho() {
    if (::tcgetattr(STDIN_FILENO, &g_saved) != 0) return;
    struct sigaction sa {};
    sa.sa_handler = restore_and_reraise;
    ::sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &sa, &previous_[i]);
    termios quiet = g_saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved);
    for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction previous_[3]{};
  bool active_ = false;
};

std::string without_cr(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> prompt(const std::string& question) {
  std::cerr << question << std::flush;
  std::string line;
  bool ok = false;
  {
    NoEcho quiet;
    ok = bool(std::getline(std::cin, line));
  }
  std::cerr << "\n";  // the Enter the terminal did not echo
  if (!ok) return std::nullopt;
  return without_cr(std::move(line));
}

}  // namespace

void wipe(std::string& secret) noexcept {
  ::explicit_bzero(secret.data(), secret.size());
  secret.clear();
}

std::optional<std::string> read_new_password(const std::filesystem::path& file,
                                             std::string_view user) {
  std::string line;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "hallmonitorctl: cannot read the password file " << file.string() << "\n";
      return std::nullopt;
    }
    std::getline(in, line);
    return without_cr(std::move(line));
  }
  if (!::isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, line)) {
      std::cerr << "hallmonitorctl: no password on stdin (or use --password-file)\n";
      return std::nullopt;
    }
    return without_cr(std::move(line));
  }
  auto first = prompt("New password for " + std::string(user) + ": ");
  if (!first) {
    std::cerr << "hallmonitorctl: no password given; nothing was changed\n";
    return std::nullopt;
  }
  auto second = prompt("Type it again: ");
  if (!second || *first != *second) {
    std::cerr << "hallmonitorctl: the two passwords differ; nothing was changed\n";
    wipe(*first);
    if (second) wipe(*second);
    return std::nullopt;
  }
  wipe(*second);
  return first;
}

}  // namespace hm::cli

namespace hm::cli {

std::optional<std::string> read_secret_line(const std::filesystem::path& file,
                                            const std::string& question) {
  std::string line;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in || !std::getline(in, line) || without_cr(line).empty()) {
      std::cerr << "hallmonitorctl: cannot read a secret from " << file.string() << "\n";
      return std::nullopt;
    }
    return without_cr(std::move(line));
  }
  if (::isatty(STDIN_FILENO)) return prompt(question);
  if (!std::getline(std::cin, line)) return std::nullopt;
  return without_cr(std::move(line));
}

}  // namespace hm::cli
