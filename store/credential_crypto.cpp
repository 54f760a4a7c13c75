#include "store/credential_crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace hm::store::detail {
namespace {

// Made once, offline, from 32 random bytes nobody kept, at the INTERACTIVE limits; a test
// checks it still matches them. A constant rather than one made at start-up, because the first
// unknown-user login would otherwise take twice as long as the rest.
constexpr std::string_view kDummyHash =
    "$argon2id$v=19$m=65536,t=2,p=1$s3+Vizy/VfYJgHjLLvHvqA$"
    "oxGRQzjjO6QqPL3BZhOv8oBHl1+fJNS0Q0xkFY0Z8mc";

void ensure_sodium() {
  // sodium_init is safe to call again, but a static runs it once per process, thread-safely.
  static const int rc = sodium_init();
  if (rc < 0) throw std::runtime_error("libsodium cannot start (no entropy source?)");
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("cannot hash a password: out of memory for Argon2id");
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  const std::string terminated(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy_password(std::string_view password) {
  (void)verify_password(kDummyHash, password);
}

bool password_needs_rehash(std::string_view hash) {
  ensure_sodium();
  const std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

std::string random_secret(std::string_view prefix) {
  ensure_sodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  char encoded[sodium_base64_ENCODED_LEN(sizeof bytes, kVariant)];
  sodium_bin2base64(encoded, sizeof encoded, bytes, sizeof bytes, kVariant);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(prefix) + encoded;
}

std::string_view dummy_password_hash() noexcept {
  return kDummyHash;
}

}  // namespace hm::store::detail
