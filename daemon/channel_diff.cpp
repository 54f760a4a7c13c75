#include "daemon/channel_diff.hpp"

namespace hm::daemon {

ChannelSetup channel_setup(const config::Config& cfg, const config::School& school,
                           const config::Channel& channel, std::filesystem::path credential_file,
                           bool credential_readable, std::string credential_digest) {
  ChannelSetup s;
  s.school_id = school.id;
  s.channel = channel;
  s.channel.credential_line = 0;  // moving a table in the file changes nothing
  s.channel.poll_interval = channel.poll_interval.value_or(cfg.daemon.poll_interval);
  s.daemon = cfg.daemon;
  // Not channel settings: the listener and the state folder are bound at start; the default
  // poll interval is folded into the channel's; the credentials folder into credential_file.
  s.daemon.listen.clear();
  s.daemon.listen_line = 0;
  s.daemon.state_dir.clear();
  s.daemon.poll_interval = {};
  s.daemon.credentials_dir.clear();
  s.credential_file = std::move(credential_file);
  s.credential_readable = credential_readable;
  if (credential_readable) s.credential_digest = std::move(credential_digest);
  return s;
}

ChannelSetDiff diff_channel_sets(const ChannelSetups& running, const ChannelSetups& wanted,
                                 const std::set<std::string, std::less<>>& stopped) {
  ChannelSetDiff d;
  for (const auto& [id, now] : running)
    if (!wanted.contains(id)) d.removed.push_back(id);
  for (const auto& [id, want] : wanted) {
    auto it = running.find(id);
    if (it == running.end()) {
      d.added.push_back(id);
    } else if (!want.credential_readable) {
      d.unchanged.push_back(id);
      d.kept_unreadable.push_back(id);
    } else if (!(it->second == want)) {
      d.changed.push_back(id);
    } else if (stopped.contains(id)) {
      d.retried.push_back(id);
    } else {
      d.unchanged.push_back(id);
    }
  }
  return d;
}

}  // namespace hm::daemon
