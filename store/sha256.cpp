#include "store/sha256.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "store/hex.hpp"

namespace hm::store {

std::string sha256_bytes(std::initializer_list<std::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
  for (std::string_view part : parts)
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1)
      throw std::runtime_error("OpenSSL: SHA-256 update failed");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1)
    throw std::runtime_error("OpenSSL: SHA-256 final failed");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string sha256_hex(std::initializer_list<std::string_view> parts) {
  const std::string digest = sha256_bytes(parts);
  return to_hex(digest.data(), digest.size());
}

}  // namespace hm::store
