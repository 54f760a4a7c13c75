// Second factors for console sign-in: TOTP secrets sealed under a key beside the database, the
// two-step set-up, recovery codes, and the check finish_login makes (accounts_sessions.cpp).
#include <sodium.h>

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "store/accounts.hpp"
#include "store/accounts_rows.hpp"
#include "store/audit_log.hpp"
#include "store/hex.hpp"
#include "store/key_file.hpp"
#include "store/sha256.hpp"
#include "store/store_rows.hpp"
#include "store/totp.hpp"

namespace hm::store {

using detail::seconds;

namespace {

constexpr int kRecoveryCodes = 10;

// nonce || XSalsa20-Poly1305(secret), as hex: what the second_factors table holds.
std::string seal(std::string_view key, std::string_view secret) {
  std::array<unsigned char, crypto_secretbox_NONCEBYTES> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  std::string box(crypto_secretbox_MACBYTES + secret.size(), '\0');
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(box.data()),
                        reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                        nonce.data(), reinterpret_cast<const unsigned char*>(key.data()));
  return to_hex(nonce.data(), nonce.size()) + to_hex(box.data(), box.size());
}

// The secret, or nullopt when the row was not sealed under this key (a key file replaced or
// lost: the user's second factor must then be reset by an admin).
std::optional<std::string> unseal(std::string_view key, std::string_view sealed_hex) {
  auto sealed = from_hex(sealed_hex);
  if (!sealed || sealed->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed->data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  const std::size_t box_size = sealed->size() - crypto_secretbox_NONCEBYTES;
  std::string secret(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(secret.data()), box, box_size,
                                 nonce, reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return std::nullopt;
  return secret;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Domain-separated and per user, so one user's code list says nothing about another's.
std::string recovery_hash(std::int64_t user_id, std::string_view normalised_code) {
  return sha256_hex({std::string_view("hallmonitor-recovery\0", 21), std::to_string(user_id), ":",
                     normalised_code});
}

struct FactorRow {
  std::string sealed;
  bool confirmed = false;
  std::int64_t last_step = 0;
};

std::optional<FactorRow> factor_row(Connection& c, std::int64_t user_id) {
  Statement s = c.prepare(
      "SELECT sealed, confirmed_at IS NOT NULL, last_step FROM second_factors WHERE user_id = ?");
  s.bind(1, user_id);
  if (!s.step()) return std::nullopt;
  return FactorRow{s.text(0), s.int64(1) != 0, s.int64(2)};
}

std::string no_such_user(std::string_view name) {
  return "no user named '" + detail::printable(name) + "'";
}

}  // namespace

bool detail::has_second_factor(Connection& connection, std::int64_t user_id) {
  const auto row = factor_row(connection, user_id);
  return row && row->confirmed;
}

const std::string& Accounts::second_factor_key() {
  if (second_factor_key_.empty())
    second_factor_key_ = load_or_create_key(conn_.file().parent_path() / "second-factor.key",
                                            crypto_secretbox_KEYBYTES, "a second-factor key");
  return second_factor_key_;
}

bool Accounts::second_factor_required(const User& user) const {
  return std::any_of(user.grants.begin(), user.grants.end(), [&](const Grant& g) {
    return std::find(policy_.second_factor_roles.begin(), policy_.second_factor_roles.end(),
                     g.role) != policy_.second_factor_roles.end();
  });
}

Expected<SecondFactorEnrolment, std::string> Accounts::begin_second_factor(std::string_view name,
                                                                           Time now) {
  const std::string& key = second_factor_key();
  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return unexpected(no_such_user(name));
  if (auto existing = factor_row(conn_, row->id); existing && existing->confirmed)
    return unexpected(
        std::string("a second factor is already set up; an admin can reset it (hallmonitorctl user "
                    "reset-second-factor)"));
  std::string secret(totp::kSecretBytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  conn_
      .prepare(
          "INSERT INTO second_factors (user_id, sealed, created_at, confirmed_at, last_step) "
          "VALUES (?, ?, ?, NULL, 0) ON CONFLICT (user_id) DO UPDATE SET sealed = "
          "excluded.sealed, created_at = excluded.created_at, confirmed_at = NULL, last_step = 0")
      .bind_all(row->id, seal(key, secret), seconds(now))
      .run();
  tx.commit();
  SecondFactorEnrolment enrolment{
      totp::base32_encode(bytes_of(secret)),
      totp::otpauth_uri(policy_.second_factor_issuer, row->name, bytes_of(secret))};
  sodium_memzero(secret.data(), secret.size());
  return enrolment;
}

Expected<std::vector<std::string>, std::string> Accounts::confirm_second_factor(
    std::string_view name, std::string_view code, Time now) {
  const std::string& key = second_factor_key();
  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return unexpected(no_such_user(name));
  const auto factor = factor_row(conn_, row->id);
  if (!factor) return unexpected(std::string("start setting up a second factor first"));
  if (factor->confirmed) return unexpected(std::string("a second factor is already set up"));
  auto secret = unseal(key, factor->sealed);
  if (!secret) return unexpected(std::string("start setting up a second factor again"));
  const auto step = totp::match(bytes_of(*secret), code, totp::step_at(seconds(now)), 0);
  sodium_memzero(secret->data(), secret->size());
  if (!step)
    return unexpected(std::string(
        "that code does not match; check the phone's clock is right and type the code shown now"));
  conn_.prepare("UPDATE second_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ?")
      .bind_all(seconds(now), *step, row->id)
      .run();
  conn_.prepare("DELETE FROM recovery_codes WHERE user_id = ?").bind(1, row->id).run();
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    std::array<std::uint8_t, 8> random{};
    randombytes_buf(random.data(), random.size());
    codes.push_back(totp::recovery_code_from(random));
    conn_.prepare("INSERT INTO recovery_codes (user_id, code_sha256) VALUES (?, ?)")
        .bind_all(row->id, recovery_hash(row->id, totp::normalise_recovery_code(codes.back())))
        .run();
  }
  append_audit(conn_, {now, detail::user_actor(row->name), "user.second_factor_on",
                       detail::user_subject(row->name), nlohmann::json{{"method", "totp"}}});
  tx.commit();
  return codes;
}

Expected<void, std::string> Accounts::reset_second_factor(std::string_view name,
                                                          std::string_view actor, Time now) {
  WriteTransaction tx(conn_);
  const auto row = detail::find_user_row(conn_, name);
  if (!row || !row->enabled) return unexpected(no_such_user(name));
  if (!factor_row(conn_, row->id))
    return unexpected("'" + row->name + "' has no second factor to reset");
  conn_.prepare("DELETE FROM second_factors WHERE user_id = ?").bind(1, row->id).run();
  conn_.prepare("DELETE FROM recovery_codes WHERE user_id = ?").bind(1, row->id).run();
  append_audit(conn_, {now, std::string(actor), "user.second_factor_reset",
                       detail::user_subject(row->name), nlohmann::json::object()});
  tx.commit();
  return {};
}

std::int64_t Accounts::recovery_codes_left(std::string_view name) {
  Statement s = conn_.prepare(
      "SELECT COUNT(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id "
      "WHERE u.name = ? AND r.used_at IS NULL");
  s.bind(1, name);
  return s.step() ? s.int64(0) : 0;
}

bool Accounts::accept_second_factor(std::int64_t user_id, std::string_view code, Time now,
                                    std::string& how) {
  const auto factor = factor_row(conn_, user_id);
  if (!factor || !factor->confirmed) return false;
  if (totp::looks_like_recovery_code(code)) {
    const std::string hash = recovery_hash(user_id, totp::normalise_recovery_code(code));
    Statement s = conn_.prepare(
        "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_sha256 = ? "
        "AND used_at IS NULL");
    s.bind_all(seconds(now), user_id, hash).run();
    if (conn_.changes() != 1) return false;
    how = "recovery_code";
    return true;
  }
  auto secret = unseal(second_factor_key(), factor->sealed);
  if (!secret) return false;
  const auto step =
      totp::match(bytes_of(*secret), code, totp::step_at(seconds(now)), factor->last_step);
  sodium_memzero(secret->data(), secret->size());
  if (!step) return false;
  conn_.prepare("UPDATE second_factors SET last_step = ? WHERE user_id = ?")
      .bind_all(*step, user_id)
      .run();
  how = "totp";
  return true;
}

}  // namespace hm::store
