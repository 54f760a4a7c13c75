// The TLS client context every HTTPS client shares for one trust store. A context loaded with
// the system's CA bundle holds about 850 KiB (measured: 100 contexts with
// SSL_CTX_set_default_verify_paths took 86 MiB), so one per channel would cost 0.75 GiB for a
// trust with 900 channels; shared, it is paid once per distinct `ca_file`.
//
// Error policy: a trust store that cannot be loaded throws std::runtime_error naming it. Safe to
// call from any thread (a mutex guards the cache); a context is configured before it is shared
// and only read afterwards, which OpenSSL allows across threads.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <memory>

namespace hm::connectors {

// TLS 1.2+, peer verification on, trusting `ca_file` (PEM) or, when empty, the system store.
// The same file (same path, size and modification time) gives the same context while any client
// still holds it; a changed file gives a new one.
std::shared_ptr<boost::asio::ssl::context> shared_tls_context(const std::filesystem::path& ca_file);

}  // namespace hm::connectors
