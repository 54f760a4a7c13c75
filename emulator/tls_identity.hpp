// The emulator's TLS identity: a CA (generated, or loaded from --ca-cert/--ca-key) and a server
// certificate for DNS:localhost and IP:127.0.0.1 signed by it, made with OpenSSL 3.
//
// Error policy: infrastructure failures (OpenSSL errors, unreadable files) throw
// std::runtime_error with OpenSSL's reason; the caller reports them and exits.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hm::emulator {

struct TlsIdentity {
  std::string ca_cert_pem;      // the CA certificate clients trust
  std::string server_cert_pem;  // leaf certificate followed by the CA certificate (chain)
  std::string server_key_pem;   // private key of the leaf
};

// Generates a fresh CA (EC P-256, CA:TRUE) and a server certificate signed by it.
TlsIdentity make_tls_identity();
// Signs a fresh server certificate with the given CA (PEM files).
TlsIdentity make_tls_identity(const std::filesystem::path& ca_cert,
                              const std::filesystem::path& ca_key);

}  // namespace hm::emulator
