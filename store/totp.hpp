// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) for the console's second
// factor, and the helpers around them: base32 for the secret (RFC 4648, what authenticator apps
// read), the otpauth:// URI their QR codes carry, and recovery codes. Pure: no clock, no random
// source, no I/O; the caller passes the time step and the random bytes.
//
// The parameters are the ones every authenticator app supports: HMAC-SHA1, 6 digits, 30 s steps
// (Google Authenticator ignores any other algorithm or period in the URI).
//
// Error policy: nothing throws but OpenSSL failing (std::runtime_error). Malformed input (a
// code with letters, base32 with a foreign character) is a non-match or nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hm::store::totp {

constexpr std::int64_t kStepSeconds = 30;
constexpr int kDigits = 6;
constexpr std::size_t kSecretBytes = 20;  // 160 bits, RFC 4226's recommended length

// The step that contains unix time `unix_seconds`.
constexpr std::int64_t step_at(std::int64_t unix_seconds) noexcept {
  return unix_seconds / kStepSeconds;
}

// The 6-digit code for `step` (RFC 4226 §5.3 dynamic truncation), zero-padded.
std::string code_at(std::span<const std::uint8_t> secret, std::int64_t step);

// The step whose code `typed` is, among `now_step` - 1 .. `now_step` + 1 (a phone's clock may be
// one step off, and a code typed at a step's end arrives in the next), and only steps after
// `last_used_step`, so a code seen over someone's shoulder cannot be used a second time. Spaces
// in `typed` are ignored ("123 456", as some apps show it). Compared in constant time.
std::optional<std::int64_t> match(std::span<const std::uint8_t> secret, std::string_view typed,
                                  std::int64_t now_step, std::int64_t last_used_step);

// RFC 4648 base32, upper case, without padding; decode accepts either case, ignores spaces and
// '=' and returns nullopt on any other character.
std::string base32_encode(std::span<const std::uint8_t> bytes);
std::optional<std::string> base32_decode(std::string_view text);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30, with
// the label and issuer percent-encoded (Key Uri Format, as authenticator apps read it).
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::span<const std::uint8_t> secret);

// A recovery code made from 8 random bytes: 12 characters of base32 in three groups of four,
// lower case ("abcd-efgh-ijkl"; 60 bits). normalise_recovery_code lower-cases and drops spaces and
// dashes, so a code can be typed either way; the store keeps only the hash of the normal form.
std::string recovery_code_from(std::span<const std::uint8_t, 8> random_bytes);
std::string normalise_recovery_code(std::string_view typed);

// Whether `typed` looks like a recovery code rather than a 6-digit code (after normalising).
bool looks_like_recovery_code(std::string_view typed);

}  // namespace hm::store::totp
