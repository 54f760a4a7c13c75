// The reload's channel diff (daemon/channel_diff.hpp): pure, on configs built in code.
#include "daemon/channel_diff.hpp"

#include <doctest/doctest.h>

using namespace hm::daemon;
using hm::config::Channel;
using hm::config::Config;
using hm::config::School;
using Ids = std::vector<std::string>;

namespace {

Channel facebook(const std::string& id) {
  Channel c;
  c.id = id;
  c.platform = "facebook";
  c.account_id = "448242228374517";
  c.credential = id;
  c.credential_line = 12;
  c.api_base = "https://127.0.0.1:8443/v25.0";
  return c;
}

Config two_channels() {
  Config cfg;
  cfg.daemon.poll_interval = std::chrono::seconds(60);
  School jh;
  jh.id = "joseph-hood";
  jh.channels = {facebook("jh-facebook"), facebook("jh-facebook-2")};
  cfg.schools = {jh};
  return cfg;
}

// Every channel of `cfg`, its credential read as `digest` (readable unless said otherwise).
ChannelSetups setups(const Config& cfg, const std::string& digest = "d1",
                     const std::string& unreadable = {}) {
  ChannelSetups out;
  for (const auto& school : cfg.schools)
    for (const auto& ch : school.channels)
      out.emplace(ch.id, channel_setup(cfg, school, ch, "/creds/" + ch.credential,
                                       ch.id != unreadable, digest));
  return out;
}

}  // namespace

TEST_CASE("the same config and credentials: every channel is left alone") {
  const Config cfg = two_channels();
  const auto d = diff_channel_sets(setups(cfg), setups(cfg), {});
  CHECK(d.unchanged == Ids{"jh-facebook", "jh-facebook-2"});
  CHECK(d.added.empty());
  CHECK(d.removed.empty());
  CHECK(d.changed.empty());
  CHECK(d.retried.empty());
}

TEST_CASE("a channel added, one removed") {
  const Config before = two_channels();
  Config after = before;
  after.schools[0].channels.erase(after.schools[0].channels.begin() + 1);
  after.schools[0].channels.push_back(facebook("jh-instagram"));
  const auto d = diff_channel_sets(setups(before), setups(after), {});
  CHECK(d.added == Ids{"jh-instagram"});
  CHECK(d.removed == Ids{"jh-facebook-2"});
  CHECK(d.unchanged == Ids{"jh-facebook"});
  CHECK(d.changed.empty());
}

TEST_CASE("each channel setting restarts only its channel") {
  const Config before = two_channels();
  auto change = [&](auto edit) {
    Config after = before;
    edit(after.schools[0].channels[1]);
    return diff_channel_sets(setups(before), setups(after), {});
  };
  for (auto d : {change([](Channel& c) { c.platform = "instagram"; }),
                 change([](Channel& c) { c.account_id = "17841400000000000"; }),
                 change([](Channel& c) { c.credential = "renewed"; }),
                 change([](Channel& c) { c.api_base = "https://127.0.0.1:9443/v25.0"; }),
                 change([](Channel& c) { c.ca_file = "/etc/ssl/other.pem"; }),
                 change([](Channel& c) { c.poll_interval = std::chrono::seconds(30); })}) {
    CHECK(d.changed == Ids{"jh-facebook-2"});
    CHECK(d.unchanged == Ids{"jh-facebook"});
  }
}

TEST_CASE("a changed credential file restarts its channel; moving its table does not") {
  const Config cfg = two_channels();
  ChannelSetups renewed = setups(cfg);
  renewed.at("jh-facebook").credential_digest = "d2";
  auto d = diff_channel_sets(setups(cfg), renewed, {});
  CHECK(d.changed == Ids{"jh-facebook"});
  CHECK(d.unchanged == Ids{"jh-facebook-2"});

  Config moved = cfg;
  moved.schools[0].channels[0].credential_line = 40;  // a table added above it
  d = diff_channel_sets(setups(cfg), setups(moved), {});
  CHECK(d.changed.empty());
}

TEST_CASE("[daemon] settings: those channels use restart them, the listener and state do not") {
  const Config before = two_channels();
  Config after = before;
  after.daemon.rate_limit_wait = std::chrono::minutes(5);
  CHECK(diff_channel_sets(setups(before), setups(after), {}).changed ==
        Ids{"jh-facebook", "jh-facebook-2"});

  after = before;
  after.daemon.listen = "127.0.0.1:9999";
  after.daemon.listen_line = 3;
  after.daemon.state_dir = "/elsewhere";
  CHECK(diff_channel_sets(setups(before), setups(after), {}).changed.empty());

  // The default poll interval counts only for channels that do not set their own.
  after = before;
  after.schools[0].channels[0].poll_interval = std::chrono::seconds(60);
  after.daemon.poll_interval = std::chrono::seconds(120);
  const auto d = diff_channel_sets(setups(before), setups(after), {});
  CHECK(d.changed == Ids{"jh-facebook-2"});
  CHECK(d.unchanged == Ids{"jh-facebook"});
}

TEST_CASE("a channel moved to another school is restarted") {
  const Config before = two_channels();
  Config after = before;
  School other;
  other.id = "st-marys";
  other.channels = {after.schools[0].channels[1]};
  after.schools[0].channels.pop_back();
  after.schools.push_back(other);
  CHECK(diff_channel_sets(setups(before), setups(after), {}).changed == Ids{"jh-facebook-2"});
}

TEST_CASE("a stopped channel is started again even when nothing changed; a running one is not") {
  const Config cfg = two_channels();
  const auto d = diff_channel_sets(setups(cfg), setups(cfg), {"jh-facebook-2"});
  CHECK(d.retried == Ids{"jh-facebook-2"});
  CHECK(d.unchanged == Ids{"jh-facebook"});
}

TEST_CASE("a credential that cannot be read now keeps a running channel as it runs") {
  const Config before = two_channels();
  Config after = before;
  after.schools[0].channels[0].poll_interval = std::chrono::seconds(5);
  const auto d =
      diff_channel_sets(setups(before), setups(after, "d1", "jh-facebook"), {"jh-facebook"});
  CHECK(d.kept_unreadable == Ids{"jh-facebook"});
  CHECK(d.unchanged == Ids{"jh-facebook", "jh-facebook-2"});
  CHECK(d.changed.empty());
  CHECK(d.retried.empty());  // started again with what? It waits for a readable credential
}

TEST_CASE("a channel that is not running (its credential was missing) is started when listed") {
  const Config cfg = two_channels();
  ChannelSetups running = setups(cfg);
  running.erase("jh-facebook-2");
  const auto d = diff_channel_sets(running, setups(cfg), {});
  CHECK(d.added == Ids{"jh-facebook-2"});
}
