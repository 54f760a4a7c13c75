#include "daemon/alerts/channel_alert_message.hpp"

#include "daemon/alerts/mime.hpp"

namespace hm::daemon::alerts {

std::string channel_alert_subject(const ChannelAlertFacts& f) {
  return "hallmonitor: " + std::string(moderation::display_name(f.platform)) + " stopped at " +
         one_line(f.school_name) + ": action needed";
}

std::vector<std::string> channel_alert_lines(const ChannelAlertFacts& f) {
  const std::string school = one_line(f.school_name);
  const std::string platform(moderation::display_name(f.platform));
  return {
      platform + " stopped at " + school +
          ": the platform refused its access token or a permission",
      "hallmonitor stopped watching " + school + "'s " + platform + " channel (" +
          one_line(f.channel_id, 64) + ") at " + readable_time(f.stopped_at) +
          ". Until it is renewed, new comments there are not read or hidden, and actions on "
          "the channel wait.",
      "",
      "What " + platform + " said: " + one_line(f.reason, 300),
      "",
      "What to do:",
      "1. Renew the channel's access token (re-authorise hallmonitor's app for the account), "
      "or grant the permission or setting that " +
          platform + " named above.",
      "2. Put the new token in the channel's credential file on the server.",
      "3. Reload hallmonitor: systemctl reload hallmonitor (the README's \"Operating it\" "
      "section has the details).",
      "",
      "See every channel's state: " + one_line(f.console_url, 400) + "/#/today",
      "You get this once for each stop, as an admin of " + school + " in hallmonitor.",
  };
}

std::string channel_alert_webhook_body(const ChannelAlertFacts& facts) {
  return webhook_body_of(channel_alert_lines(facts));
}

std::string channel_alert_email(const ChannelAlertFacts& facts, const EmailEnvelope& envelope) {
  return plain_email(channel_alert_subject(facts), channel_alert_lines(facts), envelope);
}

}  // namespace hm::daemon::alerts
