// The console API through the real daemon (issue 6): a user made with hallmonitorctl signs in
// over HTTP, approves one proposed delete and rejects another, and the platform emulator shows
// the effect; a bearer token from `hallmonitorctl token create`; the TLS listener.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"
#include "support/http_client.hpp"

using namespace hm::test;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char* kPassword = "a long moderator passphrase";

struct World : FacebookPageWorld {
  fs::path config;

  explicit World(const std::string& console_table = "") {
    config = dir.write("hallmonitor.toml",
                       daemon_toml() + "[filters]\ndir = \"" +
                           (fs::path(HM_SOURCE_DIR) / "config" / "filters").string() + "\"\n" +
                           console_table + school_toml());
    dir.write("password", std::string(kPassword) + "\n");
  }

  RunResult ctl(const std::string& args) {
    return run_ctl(dir, args + " --config '" + config.string() + "'");
  }

  // Waits (bounded) until `predicate` holds.
  template <class F>
  static bool within(std::chrono::seconds limit, F predicate) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (predicate()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

std::string cookie_pair(const HttpReply& r) {
  auto c = r.header("set-cookie");
  return c.substr(0, c.find(';'));
}

// The proposed delete for a platform comment id, from the API.
std::optional<std::int64_t> proposed_delete(unsigned short port, const std::string& cookie,
                                            const std::string& comment_id) {
  auto r = http_request(port, "GET", "/api/v1/actions?state=proposed&kind=delete", "",
                        {{"Cookie", cookie}});
  if (r.status != 200) return std::nullopt;
  const Json body = Json::parse(r.body);
  for (const auto& a : body["actions"])
    if (a["comment"]["id"] == comment_id) return a["id"].get<std::int64_t>();
  return std::nullopt;
}

}  // namespace

TEST_CASE("a moderator signs in, approves one delete and rejects another; the platform shows it") {
  World w;
  auto added = w.ctl("user add head --role moderator --school joseph-hood --password-file '" +
                     (w.dir.path() / "password").string() + "'");
  REQUIRE_MESSAGE(added.exit_code == 0, added.err);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  const auto port = daemon.http_port();
  REQUIRE(port != 0);
  auto first = w.control.add_comment("facebook", w.post, "f*ck this school, the head is a tw@t");
  auto second = w.control.add_comment("facebook", w.post, "you lot are a bunch of w@nkers");

  auto login = http_request(port, "POST", "/api/v1/session",
                            Json{{"username", "head"}, {"password", kPassword}}.dump());
  REQUIRE(login.status == 200);
  const std::string cookie = cookie_pair(login);
  const std::string csrf = Json::parse(login.body)["csrf"];
  // Plain HTTP on loopback: the browser must get the cookie back, so it is not Secure.
  CHECK(login.header("set-cookie").find("HttpOnly") != std::string::npos);
  CHECK(login.header("set-cookie").find("Secure") == std::string::npos);

  std::optional<std::int64_t> approve_id, reject_id;
  const bool proposed = World::within(std::chrono::seconds(10), [&] {
    approve_id = proposed_delete(port, cookie, first);
    reject_id = proposed_delete(port, cookie, second);
    return approve_id && reject_id;
  });
  REQUIRE_MESSAGE(
      proposed,
      "actions: " << http_request(port, "GET", "/api/v1/actions", "", {{"Cookie", cookie}}).body
                  << "\nlog: " << daemon.log_text());
  // Without the CSRF header the cookie alone changes nothing.
  CHECK(http_request(port, "POST", "/api/v1/actions/" + std::to_string(*approve_id) + "/approve",
                     "{}", {{"Cookie", cookie}})
            .status == 401);
  auto approved =
      http_request(port, "POST", "/api/v1/actions/" + std::to_string(*approve_id) + "/approve",
                   "{}", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  CHECK(approved.status == 200);
  auto rejected =
      http_request(port, "POST", "/api/v1/actions/" + std::to_string(*reject_id) + "/reject", "{}",
                   {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  CHECK(rejected.status == 200);
  CHECK(World::within(std::chrono::seconds(10),
                      [&] { return w.control.comment(first).value("deleted", false); }));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // more executor rounds
  CHECK_FALSE(w.control.comment(second).value("deleted", true));
  auto done =
      Json::parse(http_request(port, "GET", "/api/v1/actions/" + std::to_string(*approve_id), "",
                               {{"Cookie", cookie}})
                      .body);
  CHECK(done["state"] == "done");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a bearer token from hallmonitorctl works against the running daemon until revoked") {
  World w;
  REQUIRE(w.ctl("user add ops --role viewer --password-file '" +
                (w.dir.path() / "password").string() + "'")
              .exit_code == 0);
  auto made = w.ctl("token create --user ops --name monitoring");
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  auto out = made.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  const std::string token = out.substr(out.rfind('\n') + 1);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  const auto port = daemon.http_port();
  auto r = http_request(port, "GET", "/api/v1/session", "", {{"Authorization", "Bearer " + token}});
  REQUIRE(r.status == 200);
  CHECK(Json::parse(r.body)["user"]["name"] == "ops");
  auto list = w.ctl("token list");
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find(token) == std::string::npos);
  const auto id_at = list.out.find_first_of("0123456789");
  REQUIRE(id_at != std::string::npos);
  REQUIRE(w.ctl("token revoke " + std::to_string(std::stoi(list.out.substr(id_at)))).exit_code ==
          0);
  CHECK(http_request(port, "GET", "/api/v1/session", "", {{"Authorization", "Bearer " + token}})
            .status == 401);
}

TEST_CASE("with a certificate and key the listener speaks only TLS, with Secure cookies and HSTS") {
  TempDir certs;
  const auto cert = certs.path() / "console.pem";
  const auto key = certs.path() / "console.key";
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key.string() + "' -out '" + cert.string() + "' >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  World w("[console]\ntls_cert = \"" + cert.string() + "\"\ntls_key = \"" + key.string() + "\"\n");
  REQUIRE(w.ctl("user add head --role moderator --password-file '" +
                (w.dir.path() / "password").string() + "'")
              .exit_code == 0);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  const auto port = daemon.http_port();
  const auto healthz = http_request(port, "GET", "/healthz", "", {}, cert);
  CHECK(healthz.status == 200);
  // HSTS on every answer over TLS, not only the API's.
  CHECK(healthz.header("strict-transport-security").find("max-age=") == 0);
  CHECK(http_request(port, "GET", "/", "", {}, cert).header("strict-transport-security") != "");
  auto login = http_request(port, "POST", "/api/v1/session",
                            Json{{"username", "head"}, {"password", kPassword}}.dump(), {}, cert);
  REQUIRE(login.status == 200);
  CHECK(login.header("set-cookie").find("; Secure") != std::string::npos);
  CHECK(login.header("strict-transport-security").find("max-age=") == 0);
  // Plain HTTP to the TLS port gets no answer.
  CHECK_THROWS(http_request(port, "GET", "/healthz"));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a TLS key that cannot be read stops the daemon at start with a clear message") {
  World w("[console]\ntls_cert = \"missing.pem\"\ntls_key = \"missing.key\"\n");
  const std::string cmd = "'" + std::string(HM_DAEMON_PATH) + "' --config '" + w.config.string() +
                          "' 2> '" + (w.dir.path() / "err.txt").string() + "'";
  const int status = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(w.dir.read("err.txt").find("cannot use TLS certificate") != std::string::npos);
}
