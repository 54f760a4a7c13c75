#include "daemon/systemd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace hm::daemon {
namespace {
void send(const std::string& state) {
  (void)sd_notify(0, state.c_str());
}

// Status text is shown by systemctl; keep it one line.
std::string one_line(std::string_view s) {
  std::string out(s.substr(0, 200));
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}
}  // namespace

void SystemdNotifier::ready(std::string_view status) const {
  send(status.empty() ? "READY=1" : "READY=1\nSTATUS=" + one_line(status));
}
void SystemdNotifier::reloading() const {
  send("RELOADING=1\nSTATUS=Reloading configuration");
}
void SystemdNotifier::reloaded(std::string_view status) const {
  ready(status);
}
void SystemdNotifier::stopping() const {
  send("STOPPING=1\nSTATUS=Stopping");
}
void SystemdNotifier::watchdog() const {
  send("WATCHDOG=1");
}
void SystemdNotifier::status(std::string_view text) const {
  send("STATUS=" + one_line(text));
}

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_period() const {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace hm::daemon
