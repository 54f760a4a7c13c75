// Builds a channel's Connector from its configuration: reads the credentials file, fills in
// the platform's real endpoint when api_base is empty, and gives an X channel a FileTokenStore
// under the state directory. This is what the daemon (issue 5) calls per [[school.channel]].
//
// Error policy: a bad channel (unknown platform, unreadable or malformed credentials file, bad
// api_base) is an expected configuration failure: the result carries no connector and an error
// message naming the channel and the file, never a secret.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "connectors/channel_settings.hpp"
#include "connectors/connector.hpp"
#include "connectors/credentials.hpp"
#include "connectors/token_store.hpp"
#include "moderation/types.hpp"

namespace hm::connectors {

inline constexpr const char* kDefaultGraphVersion = "v25.0";  // [daemon] graph_version

struct ChannelSpec {
  std::string id;
  std::string platform;  // facebook | instagram | x
  std::string account_id;
  std::filesystem::path credential_file;  // resolved against the credentials directory
  std::string api_base;                   // empty: the platform's real endpoint
  std::filesystem::path ca_file;          // empty: the system trust store
  std::string login{};                    // instagram: "facebook" (default) or "instagram"
  std::string graph_version = kDefaultGraphVersion;  // the default Graph api_base's version
  std::vector<std::string> watch{"feed"};            // Facebook edges (ChannelSettings::watch)
  int watch_posts = 25;                              // newest posts (media) per edge
};

struct MadeConnector {
  std::unique_ptr<Connector> connector;
  std::string error;
};

inline constexpr const char* kXApiBase = "https://api.x.com/2";

// The real endpoint of a channel with no api_base: https://graph.facebook.com/<graph_version>
// (Facebook, and Instagram with Facebook Login), https://graph.instagram.com/<graph_version>
// (Instagram with Instagram Login, whose tokens no other host accepts), or kXApiBase.
std::string default_api_base(moderation::Platform platform, std::string_view login,
                             std::string_view graph_version);

// Where a channel's rotating tokens live (X's pair, Instagram Login's renewed token):
// <state_dir>/tokens/<channel id>.tokens.
std::filesystem::path token_store_file(const std::filesystem::path& state_dir,
                                       const std::string& channel_id);

// The token store of an X channel: <state_dir>/tokens/<channel id>.tokens, keyed by the
// credentials' secret, with the seed of `credentials_text` (the file's bytes), so a replaced
// credentials file wins. The daemon's connector and `--check --online` read the same store.
std::shared_ptr<FileTokenStore> x_token_store(const std::filesystem::path& state_dir,
                                              const std::string& channel_id,
                                              const XCredentials& creds,
                                              std::string_view credentials_text);

// state_dir: X token files go to <state_dir>/tokens/<channel id>.tokens.
MadeConnector make_connector(boost::asio::any_io_executor executor, const ChannelSpec& spec,
                             const std::filesystem::path& state_dir, ConnectorOptions options = {});

}  // namespace hm::connectors
