// Telling systemd how the daemon is doing (Type=notify): READY=1 after the first successful
// start, WATCHDOG=1 from the loop whose liveness matters, RELOADING=1 / STOPPING=1, STATUS=.
//
// Error policy: outside systemd ($NOTIFY_SOCKET unset) every call is a no-op; a failed send is
// ignored (systemd's watchdog will notice a daemon that truly hangs).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace hm::daemon {

class SystemdNotifier {
 public:
  void ready(std::string_view status = {}) const;
  void reloading() const;
  void reloaded(std::string_view status = {}) const;  // READY=1 again after a reload
  void stopping() const;
  void watchdog() const;
  void status(std::string_view text) const;
  // Half the service's WatchdogSec= (how often to send WATCHDOG=1), or nullopt when the
  // watchdog is off.
  std::optional<std::chrono::microseconds> watchdog_period() const;
};

}  // namespace hm::daemon
