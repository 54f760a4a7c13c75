// API bearer tokens: made by an admin for a user, shown once, stored as their SHA-256.
#include <nlohmann/json.hpp>

#include "filters/utf8.hpp"
#include "store/accounts.hpp"
#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"
#include "store/credential_crypto.hpp"
#include "store/sha256.hpp"
#include "store/store_rows.hpp"

namespace hm::store {

using detail::from_seconds;
using detail::seconds;

namespace {

// Recognisable in a leaked log or a pasted config, so secret scanners and people can spot it.
constexpr std::string_view kTokenPrefix = "hm_";
constexpr std::size_t kMaxTokenLength = 256;
// last_used_at is written at most this often: a script's every call need not be a write.
constexpr std::chrono::seconds kTouchInterval{60};

// A label for people ("deploy script", "nightly export"): it goes into the audit log's JSON,
// so it must be valid UTF-8, and into terminals, so no control characters.
bool valid_label(std::string_view label) {
  if (label.size() > 100) return false;
  for (std::size_t pos = 0, length = 0; pos < label.size(); pos += length) {
    const char32_t cp = filters::utf8::decode(label, pos, length);
    if (cp == filters::utf8::kReplacement && length == 1) return false;
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return false;
  }
  return true;
}

std::string token_subject(std::int64_t id) {
  return "token:" + std::to_string(id);
}

}  // namespace

Expected<std::pair<TokenInfo, std::string>, std::string> Accounts::create_token(
    std::string_view user, std::string_view name, std::string_view actor, Time now,
    std::optional<Time> expires_at) {
  if (!valid_label(name))
    return unexpected(
        std::string("a token name is at most 100 characters, without control characters"));
  if (expires_at && *expires_at <= now)
    return unexpected(std::string("a token's expiry must be in the future"));
  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, user);
  if (!row || !row->enabled) return unexpected("no user named '" + detail::printable(user) + "'");
  std::string secret = detail::random_secret(kTokenPrefix);
  conn_
      .prepare(
          "INSERT INTO api_tokens (token_sha256, user_id, name, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?)")
      .bind_all(sha256_hex(secret), row->id, name, seconds(now),
                expires_at ? std::optional<std::int64_t>(seconds(*expires_at)) : std::nullopt)
      .run();
  TokenInfo info;
  info.id = conn_.last_insert_rowid();
  info.user = row->name;
  info.name = std::string(name);
  info.created_at = now;
  info.expires_at = expires_at;
  nlohmann::json detail{{"user", info.user}, {"name", info.name}};
  if (expires_at) detail["expires_at"] = seconds(*expires_at);
  append_audit(
      conn_, {now, std::string(actor), "token.create", token_subject(info.id), std::move(detail)});
  tx.commit();
  return std::pair<TokenInfo, std::string>{std::move(info), std::move(secret)};
}

Expected<void, std::string> Accounts::revoke_token(std::int64_t token_id, std::string_view actor,
                                                   Time now) {
  WriteTransaction tx(conn_);
  std::string user;
  bool revoked = false;
  {
    Statement s = conn_.prepare(
        "SELECT u.name, t.revoked_at IS NOT NULL FROM api_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.id = ?");
    s.bind(1, token_id);
    if (!s.step()) return unexpected("no token with id " + std::to_string(token_id));
    user = s.text(0);
    revoked = s.int64(1) != 0;
  }
  // Revoking twice is not an error (a retried DELETE), and the audit log records it once.
  if (revoked) return {};
  conn_.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ?")
      .bind_all(seconds(now), token_id)
      .run();
  append_audit(
      conn_, {now, std::string(actor), "token.revoke", token_subject(token_id), {{"user", user}}});
  tx.commit();
  return {};
}

std::vector<TokenInfo> Accounts::tokens() {
  std::vector<TokenInfo> out;
  Statement s = conn_.prepare(
      "SELECT t.id, u.name, t.name, t.created_at, t.last_used_at, t.revoked_at, t.expires_at "
      "FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id");
  while (s.step()) {
    TokenInfo info;
    info.id = s.int64(0);
    info.user = s.text(1);
    info.name = s.text(2);
    info.created_at = from_seconds(s.int64(3));
    if (auto t = s.optional_int64(4)) info.last_used_at = from_seconds(*t);
    if (auto t = s.optional_int64(5)) info.revoked_at = from_seconds(*t);
    if (auto t = s.optional_int64(6)) info.expires_at = from_seconds(*t);
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<User> Accounts::token_user(std::string_view bearer_token, Time now) {
  if (!bearer_token.starts_with(kTokenPrefix) || bearer_token.size() > kMaxTokenLength)
    return std::nullopt;
  const std::string key = sha256_hex(bearer_token);
  std::int64_t id = 0, user_id = 0;
  std::optional<std::int64_t> last_used;
  {
    Statement s = conn_.prepare(
        "SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ? AND t.revoked_at IS NULL "
        "AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled_at IS NULL");
    s.bind_all(key, seconds(now));
    if (!s.step()) return std::nullopt;
    id = s.int64(0);
    user_id = s.int64(1);
    last_used = s.optional_int64(2);
  }
  if (!last_used || seconds(now) - *last_used >= kTouchInterval.count()) {
    WriteTransaction tx(conn_);
    conn_.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
        .bind_all(seconds(now), id)
        .run();
    tx.commit();
  }
  return detail::load_user(conn_, user_id);
}

}  // namespace hm::store
