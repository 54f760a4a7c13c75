// A sans-io emulator for tests: requests go straight to Emulator::handle, with a fixed clock.
#pragma once

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "emulator/emulator.hpp"
#include "emulator/url_codec.hpp"

namespace hm::emulator::test {

using nlohmann::json;

inline constexpr std::int64_t kT0 = 1774000000;  // 2026-03-20
inline const std::string kPage = "448242228374517";
inline const std::string kIgUser = "17841430541631416";
inline const std::string kXUser = "2244994945";

struct Reply {
  Response r;
  json body() const { return json::parse(r.body); }
  int status() const { return r.status; }
};

class Fixture {
 public:
  Fixture() { emu.state().set_fixed_time(kT0); }

  Reply call(const std::string& method, const std::string& target, const std::string& body = {},
             std::map<std::string, std::string> headers = {}) {
    if (!headers.count("host")) headers["host"] = "127.0.0.1:4443";
    return {emu.handle(make_request(method, target, body, headers))};
  }
  Reply control(const std::string& what, const json& body) {
    return call("POST", "/_emulator/" + what, body.dump(), {{"content-type", "application/json"}});
  }
  json state() { return call("GET", "/_emulator/state").body(); }

  // Graph request with ?access_token=...
  Reply graph(const std::string& method, const std::string& path_and_query,
              const std::string& token = "fbtok", const std::string& form = {}) {
    std::string sep = path_and_query.find('?') == std::string::npos ? "?" : "&";
    return call(method, "/v25.0/" + path_and_query + sep + "access_token=" + token, form,
                {{"content-type", "application/x-www-form-urlencoded"}});
  }
  Reply x(const std::string& method, const std::string& path_and_query,
          const std::string& body = {}, const std::string& token = "xtok") {
    return call(method, "/2/" + path_and_query, body,
                {{"authorization", "Bearer " + token}, {"content-type", "application/json"}});
  }

  void facebook_page() {
    REQUIRE(control("accounts", {{"platform", "facebook"},
                                 {"account_id", kPage},
                                 {"name", "Hall School"},
                                 {"access_token", "fbtok"}})
                .status() == 200);
  }
  void instagram_user() {
    REQUIRE(control("accounts", {{"platform", "instagram"},
                                 {"account_id", kIgUser},
                                 {"name", "Hall School"},
                                 {"username", "hallschool"},
                                 {"access_token", "igtok"}})
                .status() == 200);
  }
  void x_account() {
    REQUIRE(control("accounts", {{"platform", "x"},
                                 {"account_id", kXUser},
                                 {"name", "Hall School"},
                                 {"username", "HallSchool"},
                                 {"access_token", "xtok"},
                                 {"refresh_token", "xrt0"},
                                 {"client_id", "cid"},
                                 {"client_secret", "csecret"},
                                 {"expires_in", 7200}})
                .status() == 200);
  }
  std::string post(const std::string& platform, const std::string& account, const std::string& text,
                   std::optional<std::int64_t> created = std::nullopt) {
    json b = {{"platform", platform}, {"account_id", account}, {"text", text}};
    if (created) b["created_time"] = *created;
    auto r = control("posts", b);
    REQUIRE(r.status() == 200);
    return r.body()["id"].get<std::string>();
  }
  std::string comment(const std::string& platform, const std::string& post_id,
                      const std::string& text, const std::string& author = "6789012345678901",
                      std::optional<std::string> parent = std::nullopt,
                      std::optional<std::int64_t> created = std::nullopt) {
    json b = {{"platform", platform},
              {"post_id", post_id},
              {"author_id", author},
              {"author_name", "Jane Parent"},
              {"text", text}};
    if (parent) b["parent_id"] = *parent;
    if (created) b["created_time"] = *created;
    auto r = control("comments", b);
    REQUIRE(r.status() == 200);
    return r.body()["id"].get<std::string>();
  }

  // Path and query of a paging.next URL ("https://host/v25.0/..." -> "/v25.0/...").
  static std::string target_of(const std::string& url) {
    auto p = url.find('/', std::string("https://").size());
    return url.substr(p);
  }

  Emulator emu;
};

}  // namespace hm::emulator::test
