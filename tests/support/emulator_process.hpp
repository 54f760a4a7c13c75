// Test helper: hallmonitor-emulator for one test (through the one launcher), its control API
// driven with hallmonitor's own HttpsClient, and a synchronous runner for coroutines on a test
// io_context.
//
// Error policy: setup failures throw std::runtime_error (the test fails); the destructor sends
// SIGTERM, waits (bounded), then SIGKILLs, and removes the state directory.
#pragma once

#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "connectors/https_client.hpp"
#include "connectors/url_tools.hpp"
#include "emulator/launcher.hpp"
#include "support/temp_dir.hpp"

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

// hallmonitor-emulator (HM_EMULATOR_PATH) for one test, started by the one launcher
// (emulator/launcher.hpp) in a temporary folder of its own; stopped and removed at the end.
class EmulatorProcess {
 public:
  explicit EmulatorProcess(std::vector<std::string> extra_args = {})
      : process_(launch_options(dir_, std::move(extra_args))) {}

  unsigned short port() const { return process_.port(); }
  const std::filesystem::path& ca_file() const { return process_.ca_file(); }
  std::string origin() const { return process_.origin(); }
  std::string graph_base() const { return process_.graph_base(); }
  std::string x_base() const { return process_.x_base(); }
  const std::string& ready_line() const { return process_.ready_line(); }
  std::filesystem::path state_dir() const { return dir_.path() / "state"; }
  std::string log_text() const { return dir_.read("emulator.log"); }
  int stop(int signo = SIGTERM) { return process_.stop(signo); }

 private:
  static emulator::LaunchOptions launch_options(const TempDir& dir,
                                                std::vector<std::string> extra) {
    emulator::LaunchOptions o;
    o.binary = HM_EMULATOR_PATH;
    o.state_dir = dir.path() / "state";
    o.log = dir.path() / "emulator.log";
    o.extra_args = std::move(extra);
    return o;
  }

  TempDir dir_;  // declared first: removed after the process has stopped
  emulator::EmulatorProcess process_;
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
