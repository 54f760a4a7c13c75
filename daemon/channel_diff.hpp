// What a reload does to the channels (DESIGN.md §7): the old and the new channel sets compared,
// with no I/O. A channel's setup is everything its connector and poll loop are made from: its
// `[[school.channel]]` keys, its school, the `[daemon]` settings channels use, where its
// credential file is and a digest of that file's bytes. Two setups that compare equal make the
// same connector, so a running channel whose setup did not change is left alone.
//
// Every key of config::Channel and config::Daemon counts (both compare with a defaulted ==), so
// a key added later restarts the channels when it changes without anyone editing this file;
// only what cannot be a channel setting is cleared first (line numbers, the listen address,
// state_dir, which take effect at the next start).
//
// Error policy: nothing here fails.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon/config.hpp"

namespace hm::daemon {

struct ChannelSetup {
  std::string school_id;
  config::Channel channel;  // credential_line cleared; poll_interval filled in from [daemon]
  config::Daemon daemon;    // the [daemon] settings a connector uses (see channel_setup)
  std::filesystem::path credential_file;  // where the credential was looked for
  bool credential_readable = false;
  std::string credential_digest;  // of the file's bytes, when readable; never the secret itself

  bool operator==(const ChannelSetup&) const = default;
};

// The setup of `channel` (of `school` in `cfg`), given what reading its credential found.
ChannelSetup channel_setup(const config::Config& cfg, const config::School& school,
                           const config::Channel& channel, std::filesystem::path credential_file,
                           bool credential_readable, std::string credential_digest);

using ChannelSetups = std::map<std::string, ChannelSetup, std::less<>>;  // by channel id

// What a reload does to each channel, by id (each list sorted).
struct ChannelSetDiff {
  std::vector<std::string> added;      // not running and in the new config: start
  std::vector<std::string> removed;    // running and gone from the config: stop, keep its data
  std::vector<std::string> changed;    // running with another setup: restart with the new one
  std::vector<std::string> retried;    // stopped and unchanged: start again, as the admin may
                                       // have fixed it on the platform (a Page role given back)
  std::vector<std::string> unchanged;  // running as they should: not touched
  // Running channels whose credential file cannot be read now: they keep the credential they
  // run with (also in `unchanged`), so a half-done renewal never stops a working channel.
  std::vector<std::string> kept_unreadable;

  bool operator==(const ChannelSetDiff&) const = default;
};

// `running`: the setups of the channels that run now (have a connector, polling or stopped);
// `wanted`: the new config's; `stopped`: running channels stopped by a refused token or a
// platform's refusal.
ChannelSetDiff diff_channel_sets(const ChannelSetups& running, const ChannelSetups& wanted,
                                 const std::set<std::string, std::less<>>& stopped);

}  // namespace hm::daemon
