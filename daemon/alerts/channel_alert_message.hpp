// What the "a channel stopped" notice to a school's admins says: which channel, since when, the
// platform's answer, and what to do, with a link to the console's Today page. Built from the
// outbox row (store/channel_alerts.hpp), which holds no comment text, and names from the config.
//
// Error policy: pure and total; every value is cleaned (one_line) before it goes into a line or
// a header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/alerts/alert_message.hpp"

namespace hm::daemon::alerts {

struct ChannelAlertFacts {
  std::int64_t alert_id = 0;
  std::string school_id;
  std::string school_name;
  std::string channel_id;
  moderation::Platform platform = moderation::Platform::facebook;
  std::string reason;
  moderation::Time stopped_at;
  std::string console_url;  // no trailing '/'
};

// "hallmonitor: Facebook stopped at Joseph Hood Primary School: action needed"
std::string channel_alert_subject(const ChannelAlertFacts& facts);
std::vector<std::string> channel_alert_lines(const ChannelAlertFacts& facts);
std::string channel_alert_webhook_body(const ChannelAlertFacts& facts);
std::string channel_alert_email(const ChannelAlertFacts& facts, const EmailEnvelope& envelope);

}  // namespace hm::daemon::alerts
