// The pieces of `hallmonitorctl connect` that are not conversation with the platforms, kept
// pure or file-only so they are tested directly: PKCE values, reading back the code an admin
// pastes, Graph error bodies in words, the Pages a user token lists, the credentials file
// (written atomically, mode 0600, never over an existing file unless asked) and the
// [[school.channel]] lines to add.
//
// Error policy: parsing and writing return an error message (never containing a secret)
// instead of throwing; only std::bad_alloc escapes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hm::cli::connect {

// `bytes` random bytes as unpadded base64url (RFC 7636's code_verifier alphabet).
std::string random_urlsafe(std::size_t bytes);
// BASE64URL(SHA-256(verifier)) without padding: the S256 code_challenge.
std::string s256_challenge(std::string_view verifier);

// "Basic base64(id:secret)": a confidential client's authentication at a token endpoint.
std::string basic_auth(std::string_view id, std::string_view secret);

// The authorisation code from what the admin pastes back: the whole redirect URL (its `state`
// must be `expected_state`; an `error` parameter is reported) or the bare code.
struct PastedCode {
  std::string code;
  std::string error;  // set when no code could be taken
};
PastedCode code_from_paste(std::string_view pasted, std::string_view expected_state);

// A Graph or OAuth error body in words: "Meta says: (#190) Invalid OAuth access token ...".
// Falls back to the HTTP status when the body is not an error object.
std::string error_words(unsigned status, std::string_view body);

// One Page a user manages, from GET /me/accounts.
struct PageChoice {
  std::string id, name, access_token;
  std::vector<std::string> tasks;
  std::string instagram_id, instagram_username;  // the linked Instagram account, if any
  bool can_moderate() const;                     // the MODERATE task
};
std::optional<std::vector<PageChoice>> parse_pages(std::string_view body, std::string& error);

// Writes `content` (the contract's credentials shape) to `out` with mode 0600: a temporary file
// beside it, fsync, then a rename that refuses to replace an existing file unless `force`.
bool write_credentials(const std::filesystem::path& out, const nlohmann::json& content, bool force,
                       std::string& error);

// The lines to add to hallmonitor.toml for the channel.
struct ChannelLines {
  std::string channel_id, platform, account_id, credential;
  std::string login;     // instagram only: "instagram" for Instagram Login, else empty
  std::string api_base;  // empty: the default
  std::string ca_file;   // empty: the system trust store
};
std::string channel_lines(const ChannelLines& c);

}  // namespace hm::cli::connect
