#include "emulator/tls_identity.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace hm::emulator {

namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Bio = std::unique_ptr<BIO, Free>;

[[noreturn]] void fail(const std::string& what) {
  unsigned long e = ERR_get_error();
  char buf[256] = "no OpenSSL error";
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  throw std::runtime_error(what + ": " + buf);
}

void check(int ok, const char* what) {
  if (ok != 1) fail(what);
}

Key new_key() {
  Key k(EVP_EC_gen("P-256"));
  if (!k) fail("EC key generation");
  return k;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext) fail(std::string("certificate extension ") + value);
  check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

Cert new_cert(EVP_PKEY* subject_key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, bool ca) {
  Cert c(X509_new());
  if (!c) fail("X509_new");
  check(X509_set_version(c.get(), 2), "X509_set_version");
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial), "RAND_bytes");
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  if (!bn) fail("BN_bin2bn");
  ASN1_INTEGER* sn = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c.get()));
  BN_free(bn);
  if (!sn) fail("serial");
  X509_gmtime_adj(X509_getm_notBefore(c.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c.get()), 60L * 60 * 24 * 365 * 5);
  check(X509_set_pubkey(c.get(), subject_key), "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(c.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("hallmonitor emulator"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509* signer = issuer ? issuer : c.get();
  check(X509_set_issuer_name(c.get(), X509_get_subject_name(signer)), "X509_set_issuer_name");
  if (ca) {
    add_ext(c.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(c.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(c.get(), signer, NID_subject_key_identifier, "hash");
  } else {
    add_ext(c.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(c.get(), signer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_ext(c.get(), signer, NID_ext_key_usage, "serverAuth");
    add_ext(c.get(), signer, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    add_ext(c.get(), signer, NID_subject_key_identifier, "hash");
    add_ext(c.get(), signer, NID_authority_key_identifier, "keyid:always");
  }
  if (X509_sign(c.get(), issuer_key ? issuer_key : subject_key, EVP_sha256()) <= 0)
    fail("X509_sign");
  return c;
}

std::string cert_pem(X509* c) {
  Bio b(BIO_new(BIO_s_mem()));
  if (!b || PEM_write_bio_X509(b.get(), c) != 1) fail("PEM_write_bio_X509");
  char* data = nullptr;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string key_pem(EVP_PKEY* k) {
  Bio b(BIO_new(BIO_s_mem()));
  if (!b || PEM_write_bio_PrivateKey(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail("PEM_write_bio_PrivateKey");
  char* data = nullptr;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TlsIdentity sign_server(X509* ca, EVP_PKEY* ca_key) {
  Key key = new_key();
  Cert leaf = new_cert(key.get(), "localhost", ca, ca_key, false);
  TlsIdentity id;
  id.ca_cert_pem = cert_pem(ca);
  id.server_cert_pem = cert_pem(leaf.get()) + id.ca_cert_pem;
  id.server_key_pem = key_pem(key.get());
  return id;
}

}  // namespace

TlsIdentity make_tls_identity() {
  Key ca_key = new_key();
  Cert ca = new_cert(ca_key.get(), "hallmonitor emulator test CA", nullptr, nullptr, true);
  return sign_server(ca.get(), ca_key.get());
}

TlsIdentity make_tls_identity(const std::filesystem::path& ca_cert,
                              const std::filesystem::path& ca_key) {
  std::string cert_text = read_file(ca_cert), key_text = read_file(ca_key);
  Bio cb(BIO_new_mem_buf(cert_text.data(), static_cast<int>(cert_text.size())));
  Cert ca(cb ? PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!ca) fail("reading CA certificate " + ca_cert.string());
  Bio kb(BIO_new_mem_buf(key_text.data(), static_cast<int>(key_text.size())));
  Key key(kb ? PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) fail("reading CA key " + ca_key.string());
  if (X509_check_private_key(ca.get(), key.get()) != 1)
    fail("CA key does not match CA certificate");
  return sign_server(ca.get(), key.get());
}

}  // namespace hm::emulator
