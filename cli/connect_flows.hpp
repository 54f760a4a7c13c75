// `hallmonitorctl connect`'s flows, one file per platform family (connect_meta.cpp for
// Facebook and Instagram, connect_x.cpp for X) over what they share (connect_command.cpp):
// the options, one HTTPS call, and the ending (write the file, print the config lines).
//
// Error policy: a flow returns the exit code (0 written, 1 the platform or network failed,
// 2 bad usage or input) after printing why to stderr; secrets are never printed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/connect_support.hpp"
#include "connectors/http_message.hpp"

namespace hm::cli::connect {

inline constexpr const char* kGraphDefault = "https://graph.facebook.com/v25.0";
inline constexpr const char* kInstagramDefault = "https://graph.instagram.com/v25.0";
inline constexpr const char* kXDefault = "https://api.x.com/2";
inline constexpr const char* kXAuthorizeDefault = "https://x.com/i/oauth2/authorize";
// What the X connector needs: read mentions and the account, hide replies, and a refresh token.
inline constexpr const char* kXScopes = "tweet.read users.read tweet.moderate.write offline.access";

struct Options {
  std::string platform;            // facebook | instagram | x
  std::string login = "facebook";  // instagram: facebook | instagram
  std::filesystem::path out;
  bool force = false;
  std::string channel_id;
  std::string api_base;  // empty: the platform's real host
  std::filesystem::path ca_file;
  std::string account;  // pick this account without asking
  // Meta
  std::string app_id;
  std::filesystem::path app_secret_file, user_token_file;
  // X
  std::string client_id;
  std::filesystem::path client_secret_file;
  std::string redirect_uri;
  std::string authorize_url;  // empty: x.com's, or the --api-base host's /i/oauth2/authorize
};

// The base URL in use: --api-base or the platform's default.
std::string api_base(const Options& o);

// One request; std::nullopt (after printing why) when the network or TLS failed.
std::optional<connectors::HttpResponse> call(connectors::HttpRequest request, const Options& o);
// A successful answer's JSON object; std::nullopt (after printing `doing` and the platform's
// error in words) otherwise.
std::optional<nlohmann::json> call_json(connectors::HttpRequest request, const Options& o,
                                        const std::string& doing);

// A line from stdin after `question` (on stderr); std::nullopt at end of input.
std::optional<std::string> ask(const std::string& question);

// Writes the credentials file and prints what to add to the config. `who` names the account
// in words ("the Page Joseph Hood School (id 123)").
int finish(const Options& o, const nlohmann::json& credentials, ChannelLines lines,
           const std::string& who);

int connect_meta(const Options& o);
int connect_x(const Options& o);

}  // namespace hm::cli::connect
