// The outbox of "a channel stopped" notices to a school's admins (DESIGN.md §8): one open row
// per channel, written when the daemon first sees the channel stopped (its token refused or its
// permissions gone) and cleared when it polls again, so the admins are told once per stop and a
// restart neither loses nor repeats it. The notifier delivers rows like safeguarding alerts (the
// same retry schedule, each transport recorded as it succeeds). Rows hold the channel, school and
// the platform's reason, never comment text.
//
// Error policy: SQLite failures throw StoreError. Unknown ids change nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "moderation/types.hpp"
#include "store/alert_outbox.hpp"
#include "store/sqlite.hpp"

namespace hm::store {

struct DueChannelAlert {
  std::int64_t id = 0;
  std::string channel_id;
  std::string school_id;
  moderation::Platform platform = moderation::Platform::facebook;
  std::string reason;  // the platform's answer, as the channel's status had it
  moderation::Time stopped_at;
  int attempts = 0;
  bool webhook_sent = false;
  bool email_sent = false;
};

// Channels with an open notice (told, or being told, about the current stop).
std::set<std::string> channels_with_open_alert(Connection& db);
// The channel stopped: a pending notice unless one is open already. True when one was written.
bool open_channel_alert(Connection& db, std::string_view channel_id, std::string_view reason,
                        moderation::Time now);
// The channel polls again: its open notice, if any, is closed (a later stop is a new notice).
void clear_channel_alert(Connection& db, std::string_view channel_id, moderation::Time now);

std::vector<DueChannelAlert> due_channel_alerts(Connection& db, moderation::Time now, int limit);
void mark_channel_alert_transport_sent(Connection& db, std::int64_t id, AlertTransport transport,
                                       moderation::Time now);
void mark_channel_alert_sent(Connection& db, std::int64_t id, moderation::Time now);
// One more failed round: retried on the safeguarding alerts' schedule, or `failed`.
AlertState record_channel_alert_failure(Connection& db, std::int64_t id,
                                        const AlertFailure& failure, moderation::Time now,
                                        const AlertRetryPolicy& retry = {});
std::optional<AlertState> channel_alert_state(Connection& db, std::int64_t id);

// Enabled users with an e-mail address and the admin role for the school or for every school.
std::vector<std::string> admin_emails(Connection& db, std::string_view school_id);

}  // namespace hm::store
