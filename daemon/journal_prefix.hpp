// The syslog priority prefix ("<3>") for a line on stderr, written only when stderr is the
// journal (systemd sets JOURNAL_STREAM to its device:inode), so `hallmonitord --check` run as
// ExecStartPre= logs errors at error priority and warnings at warning, while an admin running it
// in a terminal reads plain lines.
//
// Error policy: none; an unreadable or malformed JOURNAL_STREAM means "not the journal".
#pragma once

#include <string_view>

#include "daemon/log_sink.hpp"

namespace hm::daemon {

// True when file descriptor 2 is the stream JOURNAL_STREAM names.
bool stderr_is_journal();

// "<N>" for `priority` when stderr is the journal, else "".
std::string_view journal_prefix(LogPriority priority);

}  // namespace hm::daemon
