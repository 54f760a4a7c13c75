// Where an X channel keeps its rotating OAuth 2.0 tokens. X refresh tokens are single-use: the
// connector saves the new pair here BEFORE it uses either token, so a crash can never leave the
// channel holding only a spent refresh token.
//
// FileTokenStore: one file per channel under the state directory, encrypted at rest with
// libsodium crypto_secretbox (key: BLAKE2b of a domain tag, the channel id and the channel's
// credential secret), written atomically (temp file, fsync, rename, fsync of the directory),
// mode 0600. Format: "HMTS1" || 24-byte nonce || secretbox(JSON).
//
// Which wins (the seed rule): the stored tokens remember, in `seed`, the hex BLAKE2b-256 of the
// credentials file's bytes they grew from. When the credentials file now hashes differently, the
// admin has replaced it (re-authorised, as a stopped channel's alert asks): the credentials file
// wins and the stored tokens are not used, even though they still decrypt. Tokens saved before
// the rule existed carry no seed and are kept (their refresh token is the live one); the next
// save stamps them.
//
// Error policy: load() returns std::nullopt when there is no file yet; a file that does not
// decrypt (wrong secret, corruption) or grew from another credentials file is also nullopt with
// `problem()` set, so the connector falls back to the credentials file. save() throws
// std::runtime_error on an I/O failure (infrastructure: the daemon must not go on with tokens it
// could not persist).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/wire_time.hpp"

namespace hm::connectors {

struct StoredTokens {
  std::string access_token;
  std::string refresh_token;
  Time access_expires_at{};
  std::string seed{};  // hex BLAKE2b-256 of the credentials file's bytes these tokens grew from
  bool operator==(const StoredTokens&) const = default;
};

// The seed of a credentials file: hex BLAKE2b-256 (libsodium crypto_generichash) of its bytes.
std::string credentials_seed(std::string_view credentials_file_bytes);

// Whether stored tokens may be used with the credentials file whose seed is `seed`: yes when
// they grew from that file, when either seed is unknown (empty), no when the file changed.
bool stored_tokens_current(const StoredTokens& stored, std::string_view seed) noexcept;

class TokenStore {
 public:
  virtual ~TokenStore() = default;
  virtual std::optional<StoredTokens> load() = 0;
  virtual void save(const StoredTokens& tokens) = 0;
};

class MemoryTokenStore final : public TokenStore {
 public:
  std::optional<StoredTokens> load() override { return tokens_; }
  void save(const StoredTokens& tokens) override { tokens_ = tokens; }

 private:
  std::optional<StoredTokens> tokens_;
};

class FileTokenStore final : public TokenStore {
 public:
  // file: e.g. <state_dir>/tokens/<channel>.tokens; its directory is created (0700) if needed.
  // seed: credentials_seed() of the channel's credentials file (empty: no seed rule); load()
  // refuses tokens from another file, save() stamps tokens that carry no seed with it.
  FileTokenStore(std::filesystem::path file, std::string channel_id, std::string secret,
                 std::string seed = {});
  std::optional<StoredTokens> load() override;
  void save(const StoredTokens& tokens) override;
  const std::string& problem() const noexcept { return problem_; }
  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path file_;
  unsigned char key_[32];
  std::string seed_;
  std::string problem_;
};

}  // namespace hm::connectors
