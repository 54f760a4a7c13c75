// Keeps an Instagram-login channel's token alive. Instagram-login tokens (graph.instagram.com)
// last 60 days and are refreshed, once at least 24 hours old and not yet expired, with
// GET /refresh_access_token?grant_type=ig_refresh_token (PLATFORMS.md §3.2, Corrections). The
// refreshed token goes to the channel's TokenStore (the credentials directory is read-only under
// systemd) stamped with the credentials file's seed: a stored token is used only while the
// credentials file is the one it grew from, so a file the admin rewrote wins.
//
// When: a token from the credentials file is of unknown age, so it is refreshed as soon as Meta
// allows (a day after the file was written); a refreshed token 30 days before it expires.
//
// Error policy: a refresh Meta refuses as a token problem (190: the token has expired or was
// revoked) is a token_invalid FetchResult that stops the channel with a plain reason. Any other
// failed refresh (network, throttling, "too young") leaves the current token in use and is tried
// again an hour later, noted in the poll's message. A token store that cannot be written is a
// transient failure (the refreshed token is not used until it is kept).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "connectors/connector.hpp"
#include "connectors/graph_session.hpp"
#include "connectors/token_store.hpp"

namespace hm::connectors {

// What an Instagram channel with login = "instagram" is built with (connector_factory.cpp).
struct InstagramLogin {
  std::shared_ptr<TokenStore> store;  // where refreshed tokens live
  std::string seed;                   // credentials_seed() of the credentials file
  Time file_written{};                // the credentials file's modification time
};

class InstagramTokenKeeper {
 public:
  static constexpr std::chrono::hours kMinAge{24};
  static constexpr std::chrono::hours kRefreshBefore{30 * 24};
  static constexpr std::chrono::hours kRetryAfter{1};

  // Puts the stored token into the session when it grew from this credentials file.
  InstagramTokenKeeper(InstagramLogin login, graph::GraphSession& session);

  // Refreshes the session's token when it is due (counts the call in result.api_calls).
  // Returns a failure to end the poll with, or std::nullopt to go on with the session's token.
  boost::asio::awaitable<std::optional<FetchResult>> keep_fresh(FetchResult& result);

  Time refresh_due() const noexcept { return due_; }

 private:
  void note(FetchResult& result, const std::string& what);

  InstagramLogin login_;
  graph::GraphSession& session_;
  Time due_{};
};

// https://graph.instagram.com/v25.0 → https://graph.instagram.com/refresh_access_token (the
// refresh endpoint is not versioned); the emulator's host prefix is kept.
boost::urls::url refresh_token_url(const boost::urls::url& api_base);

}  // namespace hm::connectors
