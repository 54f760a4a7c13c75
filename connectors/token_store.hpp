// Where an X channel keeps its rotating OAuth 2.0 tokens. X refresh tokens are single-use: the
// connector saves the new pair here BEFORE it uses either token, so a crash can never leave the
// channel holding only a spent refresh token.
//
// FileTokenStore: one file per channel under the state directory, encrypted at rest with
// libsodium crypto_secretbox (key: BLAKE2b of a domain tag, the channel id and the channel's
// credential secret), written atomically (temp file, fsync, rename, fsync of the directory),
// mode 0600. Format: "HMTS1" || 24-byte nonce || secretbox(JSON).
//
// Error policy: load() returns std::nullopt when there is no file yet; a file that does not
// decrypt (wrong secret, corruption) is also nullopt with `problem()` set, so the connector falls
// back to the credentials file. save() throws std::runtime_error on an I/O failure
// (infrastructure: the daemon must not go on with tokens it could not persist).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "connectors/wire_time.hpp"

namespace hm::connectors {

struct StoredTokens {
  std::string access_token;
  std::string refresh_token;
  Time access_expires_at{};
  bool operator==(const StoredTokens&) const = default;
};

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
  FileTokenStore(std::filesystem::path file, std::string channel_id, std::string secret);
  std::optional<StoredTokens> load() override;
  void save(const StoredTokens& tokens) override;
  const std::string& problem() const noexcept { return problem_; }
  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path file_;
  unsigned char key_[32];
  std::string problem_;
};

}  // namespace hm::connectors
