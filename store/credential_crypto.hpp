// The cryptography behind console accounts, through libsodium: Argon2id password hashes and
// random bearer secrets. Internal to store/; Accounts is the interface.
//
// Error policy: libsodium failing to start or to allocate Argon2's memory is an infrastructure
// failure and throws std::runtime_error. A wrong password is not an error: verify returns false.
#pragma once

#include <string>
#include <string_view>

namespace hm::store::detail {

// libsodium's Argon2id string ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash") at the
// INTERACTIVE limits: about 70 ms and 64 MiB per hash on the machines we target.
std::string hash_password(std::string_view password);

// Constant-time in the password; false for a wrong password or a malformed hash.
bool verify_password(std::string_view hash, std::string_view password);

// Spends the same time as verify_password against a real hash, and always fails: for a login
// whose user does not exist, so the response time does not reveal that.
void verify_dummy_password(std::string_view password);

// True when the hash was made with other limits than today's, so a successful login should
// store a fresh one.
bool password_needs_rehash(std::string_view hash);

// 32 random bytes, base64url without padding (43 characters), after `prefix`.
std::string random_secret(std::string_view prefix = {});

// The Argon2id string used by verify_dummy_password (exposed so a test can check it stays at
// today's limits).
std::string_view dummy_password_hash() noexcept;

}  // namespace hm::store::detail
