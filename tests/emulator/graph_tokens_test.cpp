// The emulated Graph API's callers (emulator/graph_tokens.cpp): the two Instagram hosts, 60-day
// Instagram-login tokens and their refresh, appsecret_proof, and batches' top-level token.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {

constexpr const char* kIgHost = "/graph.instagram.com/v25.0/";
// RFC-style HMAC-SHA256 vector: key "key", message "The quick brown fox jumps over the lazy dog".
constexpr const char* kFox = "The quick brown fox jumps over the lazy dog";
constexpr const char* kFoxProof =
    "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

void instagram_login_user(Fixture& f) {
  REQUIRE(f.control("accounts", {{"platform", "instagram"},
                                 {"account_id", kIgUser},
                                 {"username", "hallschool"},
                                 {"login", "instagram"},
                                 {"access_token", "IGAA-first"}})
              .status() == 200);
}

Reply on_instagram_host(Fixture& f, const std::string& path_and_query, const std::string& token) {
  return f.call("GET", std::string(kIgHost) + path_and_query, {},
                {{"authorization", "Bearer " + token}});
}

std::string message_of(const Reply& r) {
  return r.body()["error"]["message"].get<std::string>();
}

}  // namespace

TEST_CASE("each Instagram login flavour's token works only on its own host") {
  Fixture f;
  instagram_login_user(f);
  f.post("instagram", kIgUser, "Our new library");

  auto ok = on_instagram_host(f, kIgUser + "/media?fields=id", "IGAA-first");
  REQUIRE(ok.status() == 200);
  CHECK(ok.body()["data"].size() == 1);
  CHECK(on_instagram_host(f, "me/media?fields=id", "IGAA-first").status() == 200);

  auto wrong_host = f.graph("GET", kIgUser + "/media?fields=id", "IGAA-first");
  CHECK(wrong_host.status() == 400);
  CHECK(wrong_host.body()["error"]["code"] == 190);
  CHECK(message_of(wrong_host).find("Cannot parse access token") != std::string::npos);
}

TEST_CASE("a Facebook-login token is refused on graph.instagram.com") {
  Fixture f;
  f.instagram_user();
  auto r = on_instagram_host(f, kIgUser + "/media?fields=id", "igtok");
  CHECK(r.status() == 400);
  CHECK(r.body()["error"]["code"] == 190);
  CHECK(f.graph("GET", kIgUser + "/media?fields=id", "igtok").status() == 200);
}

TEST_CASE("Instagram-login tokens last 60 days and refresh once a day old") {
  Fixture f;
  instagram_login_user(f);
  const std::string refresh =
      "/graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token"
      "&access_token=";
  auto young = f.call("GET", refresh + "IGAA-first");
  CHECK(young.status() == 400);
  CHECK(message_of(young).find("24 hours") != std::string::npos);
  CHECK(f.call("GET",
               "/graph.instagram.com/refresh_access_token?grant_type=fb_exchange_token"
               "&access_token=IGAA-first")
            .status() == 400);

  f.control("clock", {{"advance_seconds", 2 * 86400}});
  auto r = f.call("GET", refresh + "IGAA-first");
  REQUIRE(r.status() == 200);
  const auto fresh = r.body()["access_token"].get<std::string>();
  CHECK(fresh != "IGAA-first");
  CHECK(r.body()["token_type"] == "bearer");
  CHECK(r.body()["expires_in"] == 60 * 86400);
  // Under the version prefix too.
  CHECK(f.call("GET",
               "/graph.instagram.com/v25.0/refresh_access_token?grant_type=ig_refresh_token"
               "&access_token=IGAA-first")
            .status() == 200);

  // Day 59 after the first token's birth: it has expired, the refreshed one has not.
  f.control("clock", {{"advance_seconds", 58 * 86400}});
  auto old = on_instagram_host(f, kIgUser + "?fields=id", "IGAA-first");
  CHECK(old.body()["error"]["code"] == 190);
  CHECK(old.body()["error"]["error_subcode"] == 463);
  CHECK(on_instagram_host(f, kIgUser + "?fields=id", fresh).status() == 200);
  auto too_late = f.call("GET", refresh + "IGAA-first");
  CHECK(too_late.body()["error"]["error_subcode"] == 463);
  // A Facebook-login token is not refreshed here.
  f.instagram_user();
  CHECK(f.call("GET", refresh + "igtok").body()["error"]["code"] == 190);
}

TEST_CASE("Require App Secret: every call, batches included, needs a valid appsecret_proof") {
  Fixture f;
  REQUIRE(f.control("accounts", {{"platform", "facebook"},
                                 {"account_id", kPage},
                                 {"access_token", kFox},
                                 {"app_secret", "key"},
                                 {"require_app_secret", true}})
              .status() == 200);
  auto get = [&](const std::string& query) {
    return f.call("GET", "/v25.0/" + kPage + "?fields=id" + query, {},
                  {{"authorization", std::string("Bearer ") + kFox}});
  };
  auto missing = get("");
  CHECK(missing.status() == 400);
  CHECK(missing.body()["error"]["code"] == 100);
  CHECK(message_of(missing) == "API calls from the server require an appsecret_proof argument");
  auto wrong = get("&appsecret_proof=" + std::string(64, '0'));
  CHECK(message_of(wrong) == "Invalid appsecret_proof provided in the API argument");
  CHECK(get(std::string("&appsecret_proof=") + kFoxProof).status() == 200);

  const std::string batch =
      "batch=" +
      percent_encode(json::array({{{"method", "GET"}, {"relative_url", kPage}}}).dump()) +
      "&access_token=" + percent_encode(kFox);
  auto form =
      std::map<std::string, std::string>{{"content-type", "application/x-www-form-urlencoded"}};
  CHECK(f.call("POST", "/v25.0/", batch, form).body()["error"]["code"] == 100);
  auto proved = f.call("POST", "/v25.0/", batch + "&appsecret_proof=" + kFoxProof, form);
  REQUIRE(proved.status() == 200);
  CHECK(proved.body()[0]["code"] == 200);
}

TEST_CASE("a batch needs its access token as a top-level parameter, not only a header") {
  Fixture f;
  f.facebook_page();
  const std::string batch =
      "batch=" + percent_encode(json::array({{{"method", "GET"}, {"relative_url", kPage}}}).dump());
  auto header_only = f.call(
      "POST", "/v25.0/", batch,
      {{"content-type", "application/x-www-form-urlencoded"}, {"authorization", "Bearer fbtok"}});
  CHECK(header_only.status() == 400);
  CHECK(message_of(header_only).find("top-level") != std::string::npos);
  auto in_body = f.call("POST", "/v25.0/", batch + "&access_token=fbtok",
                        {{"content-type", "application/x-www-form-urlencoded"}});
  REQUIRE(in_body.status() == 200);
  CHECK(in_body.body()[0]["code"] == 200);
}
