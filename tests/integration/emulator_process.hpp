// Test helper: runs hallmonitor-emulator as a child process on a loopback port with its own
// state directory, reads its ready line, and drives its control API with hallmonitor's own
// HttpsClient. Also a synchronous runner for coroutines on a test io_context.
//
// Error policy: setup failures throw std::runtime_error (the test fails); the destructor sends
// SIGTERM, waits (bounded), then SIGKILLs, and removes the state directory.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "connectors/https_client.hpp"
#include "connectors/url_tools.hpp"

namespace hm::test {

namespace asio = boost::asio;
using nlohmann::json;

// Runs an awaitable to completion on `io` (bounded); rethrows its exception.
template <class T>
T run_sync(asio::io_context& io, asio::awaitable<T> task,
           std::chrono::seconds limit = std::chrono::seconds{60}) {
  std::optional<T> result;
  std::exception_ptr error;
  bool finished = false;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) result = std::move(value);
    finished = true;
  });
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!finished && std::chrono::steady_clock::now() < deadline)
    io.run_one_for(std::chrono::milliseconds{100});
  if (!finished) throw std::runtime_error("run_sync: task did not finish in time");
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

class EmulatorProcess {
 public:
  EmulatorProcess() {
    state_dir_ =
        std::filesystem::temp_directory_path() / ("hm-emulator-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(state_dir_);
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a test that crashed
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      const std::string dir = state_dir_.string();
      ::execl(HM_EMULATOR_PATH, HM_EMULATOR_PATH, "--listen", "127.0.0.1:0", "--state-dir",
              dir.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{20};
    while (line.find('\n') == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::close(out[0]);
        throw std::runtime_error("emulator did not print its ready line");
      }
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[512];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) {
        ::close(out[0]);
        throw std::runtime_error("emulator exited before it was ready");
      }
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    const auto ready = json::parse(line.substr(0, line.find('\n')));
    port_ = ready.at("port").get<unsigned short>();
    ca_file_ = ready.at("ca_file").get<std::string>();
  }
  ~EmulatorProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      bool reaped = false;
      for (int i = 0; i < 100 && !reaped; ++i) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_)
          reaped = true;
        else
          ::usleep(20'000);
      }
      if (!reaped) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(state_dir_, ec);
  }
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  unsigned short port() const { return port_; }
  const std::filesystem::path& ca_file() const { return ca_file_; }
  std::string origin() const { return "https://127.0.0.1:" + std::to_string(port_); }
  std::string graph_base() const { return origin() + "/v25.0"; }
  std::string x_base() const { return origin() + "/2"; }

 private:
  pid_t pid_ = -1;
  std::filesystem::path state_dir_;
  unsigned short port_ = 0;
  std::filesystem::path ca_file_;
};

// The control API (JSON over the emulator's TLS port).
class EmulatorControl {
 public:
  EmulatorControl(asio::io_context& io, const EmulatorProcess& emulator)
      : io_(io), origin_(emulator.origin()) {
    connectors::HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = std::to_string(emulator.port());
    o.ca_file = emulator.ca_file();
    o.timeout = std::chrono::seconds{10};
    client_ = std::make_unique<connectors::HttpsClient>(io.get_executor(), o);
  }

  json post(const std::string& path, const json& body = json::object()) {
    return call("POST", path, body.dump());
  }
  json get(const std::string& path) { return call("GET", path, {}); }
  json state() { return get("/_emulator/state"); }

  // Calls the emulator recorded whose path contains `needle` (all when empty).
  int calls(const std::string& needle = {}) {
    int n = 0;
    const json s = state();  // keep the document alive for the loop
    for (const auto& c : s.at("calls"))
      if (needle.empty() || c.at("path").get<std::string>().find(needle) != std::string::npos) ++n;
    return n;
  }
  // A comment by id, wherever it sits (the state nests replies under their parents).
  json comment(const std::string& id) {
    const json s = state();
    return find_comment(s.at("comments"), id);
  }
  void fault(const std::string& platform, const std::string& kind, int count,
             const std::string& match = {}, int delay_ms = 0) {
    json f = {{"platform", platform}, {"kind", kind}, {"count", count}};
    if (!match.empty()) f["match"] = match;
    if (delay_ms) f["delay_ms"] = delay_ms;
    post("/_emulator/faults", f);
  }
  std::string add_post(const std::string& platform, const std::string& account,
                       const std::string& text, std::optional<long long> created = {}) {
    json b = {{"platform", platform}, {"account_id", account}, {"text", text}};
    if (created) b["created_time"] = *created;
    return post("/_emulator/posts", b).at("id").get<std::string>();
  }
  std::string add_comment(const std::string& platform, const std::string& post_id,
                          const std::string& text, const std::string& author = "9001",
                          const std::string& parent = {}, std::optional<long long> created = {}) {
    json b = {{"platform", platform},
              {"post_id", post_id},
              {"author_id", author},
              {"author_name", "Parent " + author},
              {"text", text}};
    if (!parent.empty()) b["parent_id"] = parent;
    if (created) b["created_time"] = *created;
    return post("/_emulator/comments", b).at("id").get<std::string>();
  }

 private:
  static json find_comment(const json& list, const std::string& id) {
    for (const auto& c : list) {
      if (c.at("id") == id) return c;
      if (auto r = find_comment(c.value("replies", json::array()), id); !r.is_null()) return r;
    }
    return json();
  }
  json call(const std::string& method, const std::string& path, std::string body) {
    connectors::HttpRequest r;
    r.method = method;
    r.url = *connectors::parse_https_url(origin_ + path);
    r.body = std::move(body);
    if (!r.body.empty()) r.content_type = "application/json";
    auto response = run_sync(io_, client_->request(std::move(r)));
    if (response.status != 200)
      throw std::runtime_error("control " + path + ": HTTP " + std::to_string(response.status) +
                               " " + response.body);
    return json::parse(response.body);
  }

  asio::io_context& io_;
  std::string origin_;
  std::unique_ptr<connectors::HttpsClient> client_;
};

}  // namespace hm::test

namespace hm::test {
struct TempDirForTokens {
  std::filesystem::path path;
  TempDirForTokens() {
    path = std::filesystem::temp_directory_path() / ("hm-x-tokens-" + std::to_string(::getpid()) +
                                                     "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path);
  }
  ~TempDirForTokens() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
}  // namespace hm::test
