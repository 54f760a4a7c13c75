// The onboarding endpoints `hallmonitorctl connect` and `hallmonitord --check --online` use,
// without sockets: Meta's user-token exchange, /me/accounts, debug_token, graph.instagram.com
// (under /graph.instagram.com), and X's authorise + PKCE code exchange.
#include <doctest/doctest.h>

#include <openssl/evp.h>

#include "emulator/url_codec.hpp"
#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {

void meta_user(Fixture& f, json permissions = nullptr,
               std::vector<std::string> tasks = {"MODERATE", "CREATE_CONTENT"}) {
  f.facebook_page();
  f.instagram_user();
  json b = {{"user_id", "900"},
            {"name", "IT Admin"},
            {"user_token", "SHORT"},
            {"app_id", "5550001"},
            {"app_secret", "shh"},
            {"pages", {{{"page_id", kPage}, {"tasks", tasks}, {"instagram_id", kIgUser}}}}};
  if (!permissions.is_null()) b["permissions"] = permissions;
  REQUIRE(f.control("meta_users", b).status() == 200);
}

std::string exchange(Fixture& f, const std::string& secret = "shh") {
  auto r = f.call("GET",
                  "/v25.0/oauth/access_token?grant_type=fb_exchange_token&client_id="
                  "5550001&client_secret=" +
                      secret + "&fb_exchange_token=SHORT");
  if (r.status() != 200) return {};
  return r.body()["access_token"].get<std::string>();
}

Reply bearer(Fixture& f, const std::string& target, const std::string& token) {
  return f.call("GET", target, {}, {{"authorization", "Bearer " + token}});
}

std::string s256(const std::string& v) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(v.data(), v.size(), d, &n, EVP_sha256(), nullptr);
  std::string b = base64_encode(std::string_view(reinterpret_cast<char*>(d), n));
  for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

}  // namespace

TEST_CASE(
    "Meta: a short-lived user token becomes a long-lived one; the Pages come with tasks, "
    "their Instagram accounts and Page tokens that work and do not expire") {
  Fixture f;
  meta_user(f);
  CHECK(exchange(f, "wrong").empty());
  auto bad = f.call("GET",
                    "/v25.0/oauth/access_token?grant_type=fb_exchange_token&client_id="
                    "5550001&client_secret=wrong&fb_exchange_token=SHORT");
  CHECK(bad.body()["error"]["message"] == "Error validating client secret.");
  const std::string user = exchange(f);
  REQUIRE_FALSE(user.empty());

  auto pages = bearer(f,
                      "/v25.0/me/accounts?fields=id,name,access_token,tasks,"
                      "instagram_business_account%7Bid,username%7D",
                      user);
  REQUIRE(pages.status() == 200);
  auto page = pages.body()["data"][0];
  CHECK(page["id"] == kPage);
  CHECK(page["tasks"] == json::array({"MODERATE", "CREATE_CONTENT"}));
  CHECK(page["instagram_business_account"]["id"] == kIgUser);
  const std::string page_token = page["access_token"];
  CHECK(bearer(f, "/v25.0/" + kPage + "?fields=id,name", page_token).status() == 200);
  // As on Meta, the Page token also acts for the Page's linked Instagram account.
  auto ig = bearer(f, "/v25.0/" + kIgUser + "?fields=id,username", page_token);
  CHECK(ig.status() == 200);
  CHECK(ig.body()["username"] == "hallschool");
  REQUIRE(f.control("clock", {{"advance_seconds", 90 * 24 * 3600}}).status() == 200);
  CHECK(bearer(f, "/v25.0/" + kPage + "?fields=id,name", page_token).status() == 200);
  // The long-lived user token itself lasts 60 days.
  CHECK(bearer(f, "/v25.0/me/accounts", user).body()["error"]["code"] == 190);
}

TEST_CASE("Meta: debug_token tells a Page token's Page and the permissions it was granted") {
  Fixture f;
  meta_user(f, json::array({"pages_show_list", "pages_read_engagement"}));
  const std::string user = exchange(f);
  auto page = bearer(f, "/v25.0/me/accounts", user).body()["data"][0];
  const std::string token = page["access_token"];
  auto d = bearer(f, "/v25.0/debug_token?input_token=" + token, token);
  REQUIRE(d.status() == 200);
  CHECK(d.body()["data"]["is_valid"] == true);
  CHECK(d.body()["data"]["type"] == "PAGE");
  CHECK(d.body()["data"]["profile_id"] == kPage);
  CHECK(d.body()["data"]["scopes"] == json::array({"pages_read_engagement", "pages_show_list"}));
  auto perms = bearer(f, "/v25.0/me/permissions", user).body()["data"];
  CHECK(perms.size() == 2);
  CHECK(bearer(f, "/v25.0/debug_token?input_token=nonsense", token).body()["data"]["is_valid"] ==
        false);
}

TEST_CASE("Meta: without pages_show_list the user's Pages are not listed") {
  Fixture f;
  meta_user(f, json::array({"pages_read_engagement"}));
  auto r = bearer(f, "/v25.0/me/accounts", exchange(f));
  REQUIRE(r.status() == 200);
  CHECK(r.body()["data"].empty());
}

TEST_CASE(
    "Instagram Login: ig_exchange_token and /me on the graph.instagram.com host; the token is "
    "refused on "
    "the Facebook host's onboarding reads and works for the account's media") {
  Fixture f;
  f.instagram_user();
  REQUIRE(f.control("instagram_logins",
                    {{"account_id", kIgUser}, {"user_token", "IGSHORT"}, {"app_secret", "igs"}})
              .status() == 200);
  CHECK(f.call("GET",
               "/graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret=no&"
               "access_token=IGSHORT")
            .status() == 400);
  auto r =
      f.call("GET",
             "/graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret=igs&"
             "access_token=IGSHORT");
  REQUIRE(r.status() == 200);
  CHECK(r.body()["expires_in"] == 60 * 24 * 3600);
  const std::string token = r.body()["access_token"];
  auto me = bearer(f, "/graph.instagram.com/v25.0/me?fields=user_id,username", token);
  REQUIRE(me.status() == 200);
  CHECK(me.body()["user_id"] == kIgUser);
  CHECK(me.body()["username"] == "hallschool");
  CHECK(bearer(f, "/graph.instagram.com/v25.0/" + kIgUser + "/media", token).status() == 200);
  f.facebook_page();
  CHECK(bearer(f, "/graph.instagram.com/v25.0/me", "fbtok").body()["error"]["code"] ==
        190);  // a Page token
}

TEST_CASE(
    "X: authorise redirects with code and state; the code is exchanged once, only with "
    "the verifier whose S256 hash was the challenge") {
  Fixture f;
  f.x_account();
  const std::string verifier = "verifier-0123456789-0123456789-0123456789-0123456789";
  auto authorize = [&](const std::string& challenge) {
    return f.call("GET",
                  "/i/oauth2/authorize?response_type=code&client_id=cid&redirect_uri=https%3A%2F"
                  "%2Fschool.example%2Fcb&scope=tweet.read%20users.read%20tweet.moderate.write%"
                  "20offline.access&state=st8&code_challenge=" +
                      challenge + "&code_challenge_method=S256");
  };
  auto code_of = [](const Reply& r) {
    auto loc = *r.r.header("Location");
    CHECK(loc.rfind("https://school.example/cb?state=st8&code=", 0) == 0);
    return loc.substr(loc.find("code=") + 5);
  };
  auto token = [&](const std::string& code, const std::string& v) {
    return f.call("POST", "/2/oauth2/token",
                  "grant_type=authorization_code&code=" + code +
                      "&redirect_uri=https%3A%2F%2Fschool.example%2Fcb&code_verifier=" + v,
                  {{"authorization", "Basic " + base64_encode("cid:csecret")},
                   {"content-type", "application/x-www-form-urlencoded"}});
  };
  auto first = authorize(s256(verifier));
  REQUIRE(first.status() == 302);
  auto wrong = token(code_of(first), verifier + "x");
  CHECK(wrong.status() == 400);
  CHECK(wrong.body()["error_description"] ==
        "Value passed for the authorization code was invalid.");
  CHECK(token(code_of(first), verifier).status() == 400);  // spent by the failed try

  auto second = authorize(s256(verifier));
  auto good = token(code_of(second), verifier);
  REQUIRE(good.status() == 200);
  CHECK(good.body()["scope"] == "tweet.read users.read tweet.moderate.write offline.access");
  const std::string access = good.body()["access_token"];
  auto me = f.x("GET", "users/me", {}, access);
  REQUIRE(me.status() == 200);
  CHECK(me.body()["data"]["id"] == kXUser);
  // The new refresh token is the account's current one: the daemon's refresh grant takes it.
  auto refreshed = f.call(
      "POST", "/2/oauth2/token",
      "grant_type=refresh_token&refresh_token=" + good.body()["refresh_token"].get<std::string>(),
      {{"authorization", "Basic " + base64_encode("cid:csecret")},
       {"content-type", "application/x-www-form-urlencoded"}});
  CHECK(refreshed.status() == 200);
  CHECK(token(code_of(second), verifier).status() == 400);  // single use

  CHECK(f.call("GET",
               "/i/oauth2/authorize?response_type=code&client_id=nobody&redirect_uri=x&"
               "state=s&code_challenge=c&code_challenge_method=S256")
            .status() == 400);
  REQUIRE(f.control("clock", {{"advance_seconds", 0}}).status() == 200);
  auto late = authorize(s256(verifier));
  REQUIRE(f.control("clock", {{"advance_seconds", 31}}).status() == 200);
  CHECK(token(code_of(late), verifier).status() == 400);  // codes last 30 s
}

TEST_CASE("a Page token made through the onboarding flow has exactly the permissions granted") {
  // The account itself has everything; the admin ticked only the read permissions when making
  // the token. Meta answers from the token's grant, so a hide is refused as missing permission.
  Fixture f;
  meta_user(f, json::array({"pages_show_list", "pages_read_engagement"}));
  const std::string user = exchange(f);
  REQUIRE_FALSE(user.empty());
  auto pages = bearer(f, "/v25.0/me/accounts?fields=id,access_token", user);
  REQUIRE(pages.status() == 200);
  const std::string page_token = pages.body()["data"][0]["access_token"];
  const auto post = f.post("facebook", kPage, "Sports day");
  const auto comment = f.comment("facebook", post, "hello");
  CHECK(f.graph("GET", kPage + "/feed?fields=id", page_token).status() == 200);
  auto hide = f.graph("POST", comment, page_token, "is_hidden=true");
  CHECK(hide.status() == 400);
  CHECK(hide.body()["error"]["code"] == 100);
  CHECK(hide.body()["error"]["error_subcode"] == 33);
  // The account's own registered token still has all the product needs.
  CHECK(f.graph("POST", comment, "fbtok", "is_hidden=true").status() == 200);
}
