#include "connectors/token_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace hm::connectors {
namespace {

constexpr char kMagic[] = "HMTS1";
constexpr std::size_t kMagicSize = 5;

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& p) {
  throw std::runtime_error("token store: " + what + " " + p.string() + ": " + std::strerror(errno));
}

void write_all(int fd, const unsigned char* data, std::size_t size,
               const std::filesystem::path& p) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", p);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

std::string credentials_seed(std::string_view bytes) {
  ensure_sodium();
  unsigned char hash[crypto_generichash_BYTES];  // 32 bytes: BLAKE2b-256
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

bool stored_tokens_current(const StoredTokens& stored, std::string_view seed) noexcept {
  return seed.empty() || stored.seed.empty() || stored.seed == seed;
}

FileTokenStore::FileTokenStore(std::filesystem::path file, std::string channel_id,
                               std::string secret, std::string seed)
    : file_(std::move(file)), seed_(std::move(seed)) {
  ensure_sodium();
  std::string material = "hallmonitor token store v1";
  material.push_back('\0');
  material += channel_id;
  material.push_back('\0');
  material += secret;
  crypto_generichash(key_, sizeof key_, reinterpret_cast<const unsigned char*>(material.data()),
                     material.size(), nullptr, 0);
  sodium_memzero(material.data(), material.size());
}

std::optional<StoredTokens> FileTokenStore::load() {
  problem_.clear();
  std::ifstream in(file_, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string blob = ss.str();
  const std::size_t header = kMagicSize + crypto_secretbox_NONCEBYTES;
  if (blob.size() < header + crypto_secretbox_MACBYTES ||
      blob.compare(0, kMagicSize, kMagic) != 0) {
    problem_ = "token file " + file_.string() + " is not a hallmonitor token file";
    return std::nullopt;
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(blob.data() + kMagicSize);
  const auto* cipher = reinterpret_cast<const unsigned char*>(blob.data() + header);
  const std::size_t cipher_size = blob.size() - header;
  std::vector<unsigned char> plain(cipher_size - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(plain.data(), cipher, cipher_size, nonce, key_) != 0) {
    problem_ = "token file " + file_.string() + " does not decrypt with this channel's secret";
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(plain.begin(), plain.end(), nullptr, false);
  sodium_memzero(plain.data(), plain.size());
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
      !j.contains("refresh_token") || !j["refresh_token"].is_string() ||
      !j.contains("access_expires_at") || !j["access_expires_at"].is_number_integer()) {
    problem_ = "token file " + file_.string() + " has an unexpected content";
    return std::nullopt;
  }
  StoredTokens t;
  t.access_token = j["access_token"].get<std::string>();
  t.refresh_token = j["refresh_token"].get<std::string>();
  t.access_expires_at = Time{std::chrono::seconds{j["access_expires_at"].get<long long>()}};
  if (auto seed = j.find("seed"); seed != j.end() && seed->is_string())
    t.seed = seed->get<std::string>();
  if (!stored_tokens_current(t, seed_)) {
    problem_ = "token file " + file_.string() +
               " grew from an earlier credentials file: the new credentials file wins";
    return std::nullopt;
  }
  return t;
}

void FileTokenStore::save(const StoredTokens& tokens) {
  const auto dir = file_.parent_path().empty() ? std::filesystem::path(".") : file_.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);

  std::string plain =
      nlohmann::json{{"access_token", tokens.access_token},
                     {"refresh_token", tokens.refresh_token},
                     {"access_expires_at", tokens.access_expires_at.time_since_epoch().count()},
                     {"seed", tokens.seed.empty() ? seed_ : tokens.seed}}
          .dump();
  std::vector<unsigned char> out(kMagicSize + crypto_secretbox_NONCEBYTES +
                                 crypto_secretbox_MACBYTES + plain.size());
  std::memcpy(out.data(), kMagic, kMagicSize);
  unsigned char* nonce = out.data() + kMagicSize;
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        key_);
  sodium_memzero(plain.data(), plain.size());

  const auto tmp = std::filesystem::path(file_.string() + ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", tmp);
  try {
    ::fchmod(fd, 0600);
    write_all(fd, out.data(), out.size(), tmp);
    if (::fsync(fd) != 0) fail("cannot fsync", tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) fail("cannot close", tmp);
  if (::rename(tmp.c_str(), file_.c_str()) != 0) {
    ::unlink(tmp.c_str());
    fail("cannot rename into", file_);
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    const int r = ::fsync(dfd);
    ::close(dfd);
    if (r != 0) fail("cannot fsync directory", dir);
  }
}

}  // namespace hm::connectors
