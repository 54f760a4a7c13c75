// The time the daemon's loops read and the way they wait, behind one small interface so that
// in-process tests can run hours of polling, backoff and rate limits in milliseconds.
//
// Error policy: nothing here fails. A sleep ends early when its Wakeup is woken.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>

#include "daemon/wakeup.hpp"
#include "moderation/types.hpp"

namespace hm::daemon {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual moderation::Time now() const = 0;
  // Waits `d` of this clock's time on `wakeup`; true when woken early.
  virtual boost::asio::awaitable<bool> sleep(Wakeup& wakeup, std::chrono::milliseconds d) = 0;
};

// The wall clock and real timers.
Clock& system_clock();

}  // namespace hm::daemon
