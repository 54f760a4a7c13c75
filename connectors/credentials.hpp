// A channel's credentials file (in $CREDENTIALS_DIRECTORY or [daemon] credentials_dir):
//   facebook, instagram: {"access_token": "<Page or Instagram user token>",
//                         "app_secret": "..." (optional: every call then carries appsecret_proof)}
//   x:                   {"client_id": "...", "client_secret": "...", "refresh_token": "...",
//                         "access_token": "..." (optional)}
// The directory is read-only under systemd; rotated X tokens go to a TokenStore.
//
// Error policy: a missing or malformed file is an expected (configuration) failure: the
// functions return std::nullopt and set `error` to a message that never contains the secrets.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hm::connectors {

struct GraphCredentials {
  std::string access_token;
  std::string app_secret{};  // optional; empty: no appsecret_proof
};

struct XCredentials {
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
  std::string access_token;  // optional seed
};

std::optional<GraphCredentials> parse_graph_credentials(std::string_view json, std::string& error);
std::optional<XCredentials> parse_x_credentials(std::string_view json, std::string& error);

// Reads a whole (small) file; nullopt with `error` set when it cannot.
std::optional<std::string> read_secret_file(const std::filesystem::path& file, std::string& error);

}  // namespace hm::connectors
