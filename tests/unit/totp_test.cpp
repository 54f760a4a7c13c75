// The TOTP maths against RFC 6238's and RFC 4648's own test vectors, the window and replay
// rules, and the recovery-code format.
#include <doctest/doctest.h>

#include <array>

#include "store/totp.hpp"

using namespace hm::store;

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// RFC 6238 appendix B's SHA-1 key.
const std::string kRfcSecret = "12345678901234567890";

}  // namespace

TEST_CASE("codes match RFC 6238's SHA-1 test vectors (last six digits)") {
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
      {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}};
  for (auto [time, code] : vectors) {
    CAPTURE(time);
    CHECK(totp::code_at(bytes(kRfcSecret), totp::step_at(time)) == code);
  }
}

TEST_CASE("match: the current step and one either side, only after the last used step") {
  const auto secret = bytes(kRfcSecret);
  const std::int64_t now = totp::step_at(1234567890);
  const std::string current = totp::code_at(secret, now);
  CHECK(totp::match(secret, current, now, 0) == now);
  CHECK(totp::match(secret, totp::code_at(secret, now - 1), now, 0) == now - 1);
  CHECK(totp::match(secret, totp::code_at(secret, now + 1), now, 0) == now + 1);
  CHECK_FALSE(totp::match(secret, totp::code_at(secret, now - 2), now, 0));
  CHECK_FALSE(totp::match(secret, totp::code_at(secret, now + 2), now, 0));
  // Replay: a step already used, or an earlier one, is refused.
  CHECK_FALSE(totp::match(secret, current, now, now));
  CHECK_FALSE(totp::match(secret, totp::code_at(secret, now - 1), now, now - 1));
  // Spaces as some apps show them; anything else is no match.
  CHECK(totp::match(secret, current.substr(0, 3) + " " + current.substr(3), now, 0) == now);
  CHECK_FALSE(totp::match(secret, current + "0", now, 0));
  CHECK_FALSE(totp::match(secret, current.substr(1), now, 0));
  CHECK_FALSE(totp::match(secret, "12345a", now, 0));
  CHECK_FALSE(totp::match(secret, "", now, 0));
  CHECK_FALSE(totp::match(bytes("another secret of 20b"), current, now, 0));
}

TEST_CASE("base32 follows RFC 4648's vectors, decodes either case, rejects foreign letters") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "MY"},
                                                         {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"},
                                                         {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (auto [plain, encoded] : vectors) {
    CHECK(totp::base32_encode(bytes(plain)) == encoded);
    CHECK(totp::base32_decode(encoded) == std::string(plain));
  }
  CHECK(totp::base32_decode("mzxw6ytboi======") == std::string("foobar"));
  CHECK_FALSE(totp::base32_decode("MZXW1"));  // 1 is not in the alphabet
  CHECK(totp::base32_decode(totp::base32_encode(bytes(kRfcSecret))) == kRfcSecret);
}

TEST_CASE("the otpauth URI names issuer and account, percent-encoded, with the parameters") {
  const std::string uri = totp::otpauth_uri("Oak Academy", "head@oak", bytes("foobar"));
  CHECK(uri ==
        "otpauth://totp/Oak%20Academy:head%40oak?secret=MZXW6YTBOI&issuer=Oak%20Academy"
        "&algorithm=SHA1&digits=6&period=30");
}

TEST_CASE("recovery codes: three groups of four, typed in any case with or without dashes") {
  const std::array<std::uint8_t, 8> random{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
  const std::string code = totp::recovery_code_from(random);
  REQUIRE(code.size() == 14);
  CHECK(code[4] == '-');
  CHECK(code[9] == '-');
  CHECK(totp::looks_like_recovery_code(code));
  std::string shouted;
  for (char c : code) shouted += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  CHECK(totp::normalise_recovery_code(shouted) == totp::normalise_recovery_code(code));
  CHECK(totp::normalise_recovery_code("ab cd-EF") == "abcdef");
  CHECK_FALSE(totp::looks_like_recovery_code("123456"));
  CHECK_FALSE(totp::looks_like_recovery_code("abcd-efgh-ijk1"));  // 1 is not base32
  std::array<std::uint8_t, 8> other = random;
  other[0] ^= 0x80;
  CHECK(totp::recovery_code_from(other) != code);
}
