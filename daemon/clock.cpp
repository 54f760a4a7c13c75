#include "daemon/clock.hpp"

#include <iostream>

#include "daemon/log_sink.hpp"

namespace hm::daemon {
namespace {

class SystemClock final : public Clock {
 public:
  moderation::Time now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  boost::asio::awaitable<bool> sleep(Wakeup& wakeup, std::chrono::milliseconds d) override {
    co_return co_await wakeup.sleep_for(d);
  }
};

class StderrLog final : public LogSink {
 public:
  void write(LogPriority priority, std::string_view message) override {
    std::cerr << '<' << int(priority) << '>' << message << '\n';
  }
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

LogSink& stderr_log() {
  static StderrLog log;
  return log;
}

}  // namespace hm::daemon
