// hallmonitor-emulator: Facebook Pages, Instagram and X APIs on loopback over TLS, for tests and
// the demo. See emulator/README.md.
//
// Error policy: usage errors print a message and exit 2; setup failures (certificates, bind)
// print the reason and exit 1; SIGTERM/SIGINT stop the server and exit 0.
#include <arpa/inet.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "emulator/emulator.hpp"
#include "emulator/ready_line.hpp"
#include "emulator/server.hpp"
#include "emulator/tls_identity.hpp"

namespace {

namespace fs = std::filesystem;
using hm::emulator::Emulator;

constexpr const char* kUsage =
    "usage: hallmonitor-emulator --listen 127.0.0.1:PORT --state-dir DIR\n"
    "                            [--ca-cert FILE --ca-key FILE]\n";

int usage(const std::string& why) {
  std::cerr << "hallmonitor-emulator: " << why << "\n" << kUsage;
  return 2;
}

// Splits "127.0.0.1:0" or "[::1]:0"; accepts loopback addresses only.
bool parse_listen(const std::string& s, std::string& host, std::uint16_t& port, std::string& err) {
  std::string h, p;
  if (!s.empty() && s[0] == '[') {
    auto close = s.find(']');
    if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':') {
      err = "--listen must be HOST:PORT";
      return false;
    }
    h = s.substr(1, close - 1);
    p = s.substr(close + 2);
  } else {
    auto colon = s.rfind(':');
    if (colon == std::string::npos) {
      err = "--listen must be HOST:PORT";
      return false;
    }
    h = s.substr(0, colon);
    p = s.substr(colon + 1);
  }
  if (h == "localhost") h = "127.0.0.1";
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(p) > 65535) {
    err = "--listen port must be 0..65535";
    return false;
  }
  in_addr a4{};
  in6_addr a6{};
  bool loopback = false;
  if (inet_pton(AF_INET, h.c_str(), &a4) == 1) {
    loopback = (ntohl(a4.s_addr) >> 24) == 127;
  } else if (inet_pton(AF_INET6, h.c_str(), &a6) == 1) {
    loopback = IN6_IS_ADDR_LOOPBACK(&a6);
  } else {
    err = "--listen host must be an IP address: " + h;
    return false;
  }
  if (!loopback) {
    err = "--listen accepts loopback addresses only (127.0.0.0/8, ::1), not " + h;
    return false;
  }
  host = h;
  port = static_cast<std::uint16_t>(std::stoul(p));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::optional<std::string> listen, state_dir, ca_cert, ca_key;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::optional<std::string>& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--listen")
      ok = value(listen);
    else if (a == "--state-dir")
      ok = value(state_dir);
    else if (a == "--ca-cert")
      ok = value(ca_cert);
    else if (a == "--ca-key")
      ok = value(ca_key);
    else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else
      return usage("unknown argument: " + a);
    if (!ok) return usage(a + " needs a value");
  }
  if (!listen) return usage("--listen is required");
  if (!state_dir) return usage("--state-dir is required");
  if (ca_cert.has_value() != ca_key.has_value()) return usage("--ca-cert and --ca-key go together");
  std::string host, err;
  std::uint16_t port = 0;
  if (!parse_listen(*listen, host, port, err)) return usage(err);

  try {
    fs::create_directories(*state_dir);
    fs::path dir = fs::canonical(*state_dir);
    auto identity = ca_cert ? hm::emulator::make_tls_identity(*ca_cert, *ca_key)
                            : hm::emulator::make_tls_identity();
    fs::path ca_file = dir / "ca.pem";
    {
      std::ofstream out(ca_file, std::ios::binary | std::ios::trunc);
      out << identity.ca_cert_pem;
      if (!out) throw std::runtime_error("cannot write " + ca_file.string());
    }
    ::chmod(ca_file.c_str(), 0644);

    Emulator emulator;
    hm::emulator::ServerConfig config;
    config.address = host;
    config.port = port;
    config.identity = std::move(identity);
    config.on_ready = [&](std::uint16_t bound) {
      // The one stdout line (emulator/ready_line.hpp), flushed.
      std::cout << hm::emulator::format_ready_line({bound, ca_file}) << std::endl;
      std::cerr << "emulator: listening on https://" << host << ":" << bound << "\n";
    };
    hm::emulator::run_server(emulator, config);
  } catch (const std::exception& e) {
    std::cerr << "hallmonitor-emulator: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
