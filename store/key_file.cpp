#include "store/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "store/sqlite.hpp"

namespace hm::store {

namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string load_or_create_key(const std::filesystem::path& file, std::size_t bytes,
                               std::string_view what) {
  if (sodium_init() < 0) throw StoreError("libsodium failed to start");
  std::string key = read_all(file);
  if (key.size() == bytes) return key;
  if (!key.empty())
    throw StoreError(file.string() + " is not " + std::string(what) + " (" +
                     std::to_string(key.size()) + " bytes, expected " + std::to_string(bytes) +
                     "); move it aside");
  key.resize(bytes);
  randombytes_buf(key.data(), key.size());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string theirs = read_all(file);
    if (theirs.size() == bytes) return theirs;
    throw StoreError("cannot create " + file.string());
  }
  const bool written =
      ::write(fd, key.data(), key.size()) == ssize_t(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) throw StoreError("cannot write " + file.string());
  return key;
}

}  // namespace hm::store
