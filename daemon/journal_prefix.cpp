#include "daemon/journal_prefix.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

namespace hm::daemon {

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (!stream) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  return ::fstat(2, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

std::string_view journal_prefix(LogPriority priority) {
  static const bool journal = stderr_is_journal();
  if (!journal) return "";
  switch (priority) {
    case LogPriority::critical:
      return "<2>";
    case LogPriority::error:
      return "<3>";
    case LogPriority::warning:
      return "<4>";
    case LogPriority::info:
      return "<6>";
  }
  return "";
}

}  // namespace hm::daemon
