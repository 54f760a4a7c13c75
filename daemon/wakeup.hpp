// A coroutine sleeps on it; anyone on the same io_context wakes it early (new work arrived).
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

namespace hm::daemon {

class Wakeup {
 public:
  explicit Wakeup(boost::asio::any_io_executor ex) : timer_(ex) {}
  // Sleeps for `d` or until wake(); returns true when woken early.
  boost::asio::awaitable<bool> sleep_for(std::chrono::milliseconds d) {
    if (pending_) {
      pending_ = false;
      co_return true;
    }
    timer_.expires_after(d);
    auto [ec] = co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    bool woken = pending_ || ec == boost::asio::error::operation_aborted;
    pending_ = false;
    co_return woken;
  }
  void wake() {
    pending_ = true;
    timer_.cancel();
  }

 private:
  boost::asio::steady_timer timer_;
  bool pending_ = false;
};

}  // namespace hm::daemon
