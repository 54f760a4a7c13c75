#include "store/hex.hpp"

#include <sodium.h>

namespace hm::store {

std::string to_hex(const void* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), static_cast<const unsigned char*>(bytes), size);
  out.pop_back();
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t n = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &n, nullptr) != 0)
    return std::nullopt;
  out.resize(n);
  return out;
}

}  // namespace hm::store
