#include "store/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <stdexcept>

namespace hm::store::totp {

namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string digits_only(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ') continue;
    if (c < '0' || c > '9' || out.size() == std::size_t(kDigits)) return {};
    out += c;
  }
  return out.size() == std::size_t(kDigits) ? out : std::string();
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string code_at(std::span<const std::uint8_t> secret, std::int64_t step) {
  std::array<unsigned char, 8> counter{};
  auto value = std::uint64_t(step);
  for (int i = 7; i >= 0; --i, value >>= 8) counter[std::size_t(i)] = value & 0xff;
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  if (!HMAC(EVP_sha1(), secret.data(), int(secret.size()), counter.data(), counter.size(),
            mac.data(), &mac_size) ||
      mac_size != 20)
    throw std::runtime_error("HMAC-SHA1 failed");
  const std::size_t offset = mac[19] & 0x0f;
  const std::uint32_t binary =
      (std::uint32_t(mac[offset] & 0x7f) << 24) | (std::uint32_t(mac[offset + 1]) << 16) |
      (std::uint32_t(mac[offset + 2]) << 8) | std::uint32_t(mac[offset + 3]);
  std::string code = std::to_string(binary % 1'000'000);
  return std::string(std::size_t(kDigits) - code.size(), '0') + code;
}

std::optional<std::int64_t> match(std::span<const std::uint8_t> secret, std::string_view typed,
                                  std::int64_t now_step, std::int64_t last_used_step) {
  const std::string code = digits_only(typed);
  if (code.empty()) return std::nullopt;
  std::optional<std::int64_t> found;
  // Every candidate is computed and compared, whatever matches, so the time taken does not say
  // which step (if any) the code belongs to.
  for (std::int64_t step = now_step - 1; step <= now_step + 1; ++step) {
    const std::string expected = code_at(secret, step);
    const bool same = sodium_memcmp(expected.data(), code.data(), code.size()) == 0;
    if (same && step > last_used_step && !found) found = step;
  }
  return found;
}

std::string base32_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    const auto at = kBase32.find(c);
    if (at == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | std::uint32_t(at);
    bits += 5;
    if (bits >= 8) {
      out += char((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::span<const std::uint8_t> secret) {
  const std::string label = percent_encode(issuer) + ":" + percent_encode(account);
  return "otpauth://totp/" + label + "?secret=" + base32_encode(secret) +
         "&issuer=" + percent_encode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

std::string recovery_code_from(std::span<const std::uint8_t, 8> random_bytes) {
  std::string raw = base32_encode(random_bytes).substr(0, 12);  // 8 bytes → 13 chars; keep 60 bits
  for (char& c : raw)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return raw.substr(0, 4) + "-" + raw.substr(4, 4) + "-" + raw.substr(8, 4);
}

std::string normalise_recovery_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    out += c;
    if (out.size() > 64) break;  // nothing longer is a code; don't hash megabytes
  }
  return out;
}

bool looks_like_recovery_code(std::string_view typed) {
  const std::string n = normalise_recovery_code(typed);
  if (n.size() != 12) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
  return true;
}

}  // namespace hm::store::totp
