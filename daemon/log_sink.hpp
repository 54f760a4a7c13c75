// Where the daemon's loops log: a priority and a message. Production writes systemd's syslog
// prefixes ("<3>message") to stderr for the journal; tests collect the lines in memory.
//
// Error policy: logging never fails and never throws to its caller. Messages carry ids,
// outcomes and counts only: comment text is attacker-controlled and never goes to a log.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace hm::daemon {

enum class LogPriority : int { critical = 2, error = 3, warning = 4, info = 6 };

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void write(LogPriority priority, std::string_view message) = 0;
};

// The journal's sink: "<N>message\n" on stderr.
LogSink& stderr_log();

// One log line, built with << and written when it goes out of scope.
class LogLine {
 public:
  LogLine(LogSink& sink, LogPriority priority) : sink_(sink), priority_(priority) {}
  ~LogLine() { sink_.write(priority_, out_.str()); }
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;
  template <class T>
  LogLine& operator<<(const T& value) {
    out_ << value;
    return *this;
  }

 private:
  LogSink& sink_;
  LogPriority priority_;
  std::ostringstream out_;
};

}  // namespace hm::daemon
