#include "connectors/tls_context.hpp"

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>

namespace hm::connectors {

namespace ssl = boost::asio::ssl;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<ssl::context> make_context(const fs::path& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (!ca_file.empty())
    ctx->load_verify_file(ca_file.string(), ec);
  else
    ctx->set_default_verify_paths(ec);
  if (ec)
    throw std::runtime_error(
        "cannot load CA certificates from " +
        (ca_file.empty() ? std::string("the system trust store") : ca_file.string()) + ": " +
        ec.message());
  ctx->set_verify_mode(ssl::verify_peer);
  // An idle connection (a channel between polls) gives back its TLS record buffers, about
  // 34 KiB each.
  SSL_CTX_set_mode(ctx->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  return ctx;
}

// Path, size and modification time: an edited CA file is loaded afresh.
std::string cache_key(const fs::path& ca_file) {
  if (ca_file.empty()) return {};
  std::error_code ec;
  const auto size = fs::file_size(ca_file, ec);
  const auto mtime = fs::last_write_time(ca_file, ec).time_since_epoch().count();
  return ca_file.string() + '\n' + std::to_string(ec ? 0 : size) + '\n' +
         std::to_string(ec ? 0 : mtime);
}

}  // namespace

std::shared_ptr<ssl::context> shared_tls_context(const fs::path& ca_file) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<ssl::context>> contexts;
  const std::string key = cache_key(ca_file);
  std::lock_guard lock(mutex);
  if (auto alive = contexts[key].lock()) return alive;
  // Forget the contexts no client holds any more, so edited files do not pile up keys.
  std::erase_if(contexts, [](const auto& entry) { return entry.second.expired(); });
  auto made = make_context(ca_file);
  contexts[key] = made;
  return made;
}

}  // namespace hm::connectors
