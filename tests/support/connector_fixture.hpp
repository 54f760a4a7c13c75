// Shared set-up for the connector integration tests: an emulator process, its control API, a
// fake wall clock the test advances (so back-off can be checked without sleeping), and
// connector options with short timeouts and a fast, deterministic retry schedule.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <set>

#include "connectors/channel_settings.hpp"
#include "connectors/connector.hpp"
#include "support/emulator_process.hpp"

namespace hm::test {

struct ConnectorFixture {
  EmulatorProcess emulator;
  asio::io_context io;
  EmulatorControl control{io, emulator};
  // Starts at the real time: the emulator's rate-limit resets are real Unix times.
  connectors::Time clock =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  connectors::ConnectorOptions options() {
    connectors::ConnectorOptions o;
    o.now = [this] { return clock; };
    o.timeout = std::chrono::milliseconds{1500};
    o.backoff.base = std::chrono::milliseconds{10};
    o.backoff.cap = std::chrono::milliseconds{50};
    o.backoff.max_attempts = 3;
    o.random = [] { return 0.5; };
    return o;
  }
  connectors::ChannelSettings channel(const std::string& base, const std::string& account) {
    connectors::ChannelSettings c;
    c.channel_id = "test-channel";
    c.account_id = account;
    c.api_base = *connectors::parse_https_url(base);
    c.ca_file = emulator.ca_file();
    return c;
  }
  connectors::FetchResult fetch(connectors::Connector& c, const std::string& cursor) {
    return run_sync(io, c.fetch(cursor));
  }
  connectors::ActionResult apply(connectors::Connector& c, const moderation::PlatformAction& a) {
    return run_sync(io, c.apply(a));
  }
  static std::set<std::string> ids(const connectors::FetchResult& r) {
    std::set<std::string> out;
    for (const auto& c : r.comments) out.insert(c.platform_comment_id);
    return out;
  }
  static moderation::PlatformAction action(moderation::ActionKind kind, moderation::Platform p,
                                           std::string comment_id, std::string author = {}) {
    moderation::PlatformAction a;
    a.action_id = 1;
    a.kind = kind;
    a.platform = p;
    a.channel_id = "test-channel";
    a.comment_id = std::move(comment_id);
    a.author_id = std::move(author);
    a.text = "Thank you, please contact the school office.";
    return a;
  }
};

}  // namespace hm::test
