// The JSON API's front door: sign-in, cookies, CSRF, bearer tokens, throttling, expiry,
// security headers, and malformed requests.
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;

namespace {

std::string login_body(const std::string& user, std::string_view password) {
  return Json{{"username", user}, {"password", password}}.dump();
}

// "hm_session=TOKEN" from a Set-Cookie header.
std::string cookie_pair(const console::HttpResponse& r) {
  std::string c(r[http::field::set_cookie]);
  return c.substr(0, c.find(';'));
}

}  // namespace

TEST_CASE("login sets a HttpOnly, SameSite=Strict, Secure cookie and returns the CSRF token") {
  ApiFixture f;
  f.everyone();
  auto r = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  REQUIRE(r.result() == http::status::ok);
  auto body = ApiFixture::json(r);
  CHECK(body["csrf"].get<std::string>().size() >= 32);
  CHECK(body["user"]["name"] == "jh-mod");
  CHECK(body["user"]["roles"][0] == Json{{"role", "moderator"}, {"school", "jh"}});
  std::string cookie(r[http::field::set_cookie]);
  CHECK(cookie.find("hm_session=") == 0);
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("Secure") != std::string::npos);
  CHECK(cookie.find("Path=/") != std::string::npos);

  // A reloaded page gets the same CSRF token back with its cookie, and sees only its schools.
  auto info = f.send(verb::get, "/api/v1/session", "", {{"Cookie", cookie_pair(r)}});
  REQUIRE(info.result() == http::status::ok);
  auto i = ApiFixture::json(info);
  CHECK(i["csrf"] == body["csrf"]);
  REQUIRE(i["schools"].size() == 1);
  CHECK(i["schools"][0]["id"] == "jh");
  CHECK(i["schools"][0]["channels"].size() == 2);
  CHECK(i["schools"][0]["signposting"] == "A child in immediate danger: call 999.");
}

TEST_CASE("on a loopback listener without TLS the cookie is not Secure") {
  ApiFixture f(false);
  f.user("jh-mod", store::Role::moderator, "jh");
  auto r = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  REQUIRE(r.result() == http::status::ok);
  CHECK(std::string(r[http::field::set_cookie]).find("Secure") == std::string::npos);
}

TEST_CASE("bad credentials are 401 with one message for a wrong password or an unknown user") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  auto wrong = f.send(verb::post, "/api/v1/session", login_body("jh-mod", "not the password"));
  auto unknown = f.send(verb::post, "/api/v1/session", login_body("nobody", "not the password"));
  CHECK(wrong.result() == http::status::unauthorized);
  CHECK(unknown.result() == http::status::unauthorized);
  CHECK(ApiFixture::json(wrong)["error"] == ApiFixture::json(unknown)["error"]);
  CHECK(wrong[http::field::set_cookie].empty());
  CHECK(f.send(verb::post, "/api/v1/session", "{\"username\": 5}").result() ==
        http::status::bad_request);
}

TEST_CASE(
    "repeated failures slow that address for the account: 429 and Retry-After, password too") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  for (int i = 0; i < 5; ++i, f.now += std::chrono::minutes(1))
    CHECK(f.send(verb::post, "/api/v1/session", login_body("jh-mod", "guess " + std::to_string(i)))
              .result() == http::status::unauthorized);
  f.now -= std::chrono::seconds(59);  // a second after the fifth failure, which costs 16 s
  auto r = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  CHECK(r.result() == http::status::too_many_requests);
  CHECK(r[http::field::retry_after] == "15");
  f.now += std::chrono::seconds(15);
  CHECK(f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword)).result() ==
        http::status::ok);
}

TEST_CASE("every endpoint but login refuses a request that is not signed in") {
  ApiFixture f;
  f.everyone();
  const std::vector<std::pair<verb, std::string>> endpoints = {
      {verb::get, "/api/v1/session"},
      {verb::delete_, "/api/v1/session"},
      {verb::get, "/api/v1/actions"},
      {verb::get, "/api/v1/actions/1"},
      {verb::post, "/api/v1/actions/1/approve"},
      {verb::post, "/api/v1/actions/1/reject"},
      {verb::post, "/api/v1/actions/1/done"},
      {verb::post, "/api/v1/actions/1/undo"},
      {verb::post, "/api/v1/actions/bulk"},
      {verb::get, "/api/v1/comments/1"},
      {verb::get, "/api/v1/authors?channel=jh-facebook&author_id=a"},
      {verb::get, "/api/v1/audit"},
      {verb::get, "/api/v1/evidence?comment=1"},
      {verb::post, "/api/v1/filters/test"},
      {verb::get, "/api/v1/users"},
      {verb::post, "/api/v1/users"},
      {verb::delete_, "/api/v1/users/jh-mod"},
      {verb::post, "/api/v1/users/jh-mod/password"},
      {verb::get, "/api/v1/tokens"},
      {verb::post, "/api/v1/tokens"},
      {verb::delete_, "/api/v1/tokens/1"},
  };
  for (const auto& [method, target] : endpoints) {
    CAPTURE(target);
    CHECK(f.send(method, target, "{}").result() == http::status::unauthorized);
    CHECK(f.send(method, target, "{}", {{"Cookie", "hm_session=forged"}}).result() ==
          http::status::unauthorized);
    CHECK(f.send(method, target, "{}", {{"Authorization", "Bearer hm_forged"}}).result() ==
          http::status::unauthorized);
  }
}

TEST_CASE("a state-changing cookie request needs the session's X-CSRF-Token; a bearer does not") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  const auto del = f.of_kind(ids, moderation::ActionKind::delete_comment);
  const std::string approve = "/api/v1/actions/" + std::to_string(del) + "/approve";

  auto login = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  const std::string cookie = cookie_pair(login);
  const std::string csrf = ApiFixture::json(login)["csrf"];

  CHECK(f.send(verb::post, approve, "{}", {{"Cookie", cookie}}).result() ==
        http::status::unauthorized);
  CHECK(f.send(verb::post, approve, "{}", {{"Cookie", cookie}, {"X-CSRF-Token", "0" + csrf}})
            .result() == http::status::unauthorized);
  // Another user's CSRF token does not fit this session.
  auto other = f.send(verb::post, "/api/v1/session", login_body("admin", kPassword));
  CHECK(f.send(verb::post, approve, "{}",
               {{"Cookie", cookie}, {"X-CSRF-Token", ApiFixture::json(other)["csrf"]}})
            .result() == http::status::unauthorized);
  CHECK(f.state_of(del) == "proposed");
  // Reads need no CSRF token.
  CHECK(f.send(verb::get, "/api/v1/actions", "", {{"Cookie", cookie}}).result() ==
        http::status::ok);

  auto ok = f.send(verb::post, approve, "{}", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  CHECK(ok.result() == http::status::ok);
  CHECK(f.state_of(del) == "approved");

  auto ids2 = f.flagged("c2", "jh-facebook", {Category::abuse});
  const auto del2 = f.of_kind(ids2, moderation::ActionKind::delete_comment);
  CHECK(f.as("jh-mod", verb::post, "/api/v1/actions/" + std::to_string(del2) + "/reject", "{}")
            .result() == http::status::ok);
  CHECK(f.state_of(del2) == "rejected");
}

TEST_CASE("logout ends the session and clears the cookie") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  auto login = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  const std::string cookie = cookie_pair(login);
  const std::string csrf = ApiFixture::json(login)["csrf"];
  auto out =
      f.send(verb::delete_, "/api/v1/session", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  CHECK(out.result() == http::status::no_content);
  CHECK(std::string(out[http::field::set_cookie]).find("Max-Age=0") != std::string::npos);
  CHECK(f.send(verb::get, "/api/v1/session", "", {{"Cookie", cookie}}).result() ==
        http::status::unauthorized);
}

TEST_CASE("a session expires after the idle time, and a used one after its lifetime") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  auto login = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  const std::string cookie = cookie_pair(login);
  f.now += std::chrono::minutes(20);
  CHECK(f.send(verb::get, "/api/v1/session", "", {{"Cookie", cookie}}).result() ==
        http::status::ok);
  f.now += std::chrono::minutes(31);
  CHECK(f.send(verb::get, "/api/v1/session", "", {{"Cookie", cookie}}).result() ==
        http::status::unauthorized);

  auto again = f.send(verb::post, "/api/v1/session", login_body("jh-mod", kPassword));
  const std::string second = cookie_pair(again);
  for (int i = 0; i < 26; ++i) {  // used every 28 minutes for 12 hours and more
    f.now += std::chrono::minutes(28);
    if (f.send(verb::get, "/api/v1/session", "", {{"Cookie", second}}).result() !=
        http::status::ok) {
      CHECK(i >= 25);
      return;
    }
  }
  FAIL("the session outlived its 12-hour lifetime");
}

TEST_CASE("every answer carries the security headers") {
  ApiFixture f;
  f.user("jh-mod", store::Role::moderator, "jh");
  for (const auto& r :
       {f.send(verb::get, "/api/v1/actions"), f.as("jh-mod", verb::get, "/api/v1/actions")}) {
    CHECK(std::string(r["Content-Security-Policy"]).find("default-src 'self'") == 0);
    CHECK(r["X-Frame-Options"] == "DENY");
    CHECK(r["X-Content-Type-Options"] == "nosniff");
    CHECK(r[http::field::cache_control] == "no-store");
    CHECK(r[http::field::content_type] == "application/json");
  }
}

TEST_CASE("malformed requests get a clear 4xx, never a crash") {
  ApiFixture f;
  f.everyone();
  auto ids = f.flagged("c1", "jh-facebook", {Category::abuse});
  const std::string approve = "/api/v1/actions/" + std::to_string(ids.back()) + "/approve";
  auto as_mod = [&](verb m, const std::string& target, const std::string& body,
                    std::map<std::string, std::string> headers = {}) {
    headers["Authorization"] = "Bearer " + f.tokens.at("jh-mod");
    return f.send(m, target, body, headers).result();
  };
  CHECK(as_mod(verb::post, approve, "{not json") == http::status::bad_request);
  CHECK(as_mod(verb::post, approve, "[1,2]") == http::status::bad_request);
  CHECK(as_mod(verb::post, approve, "{\"reason\": 7}") == http::status::bad_request);
  CHECK(as_mod(verb::post, approve, "reason=x",
               {{"Content-Type", "application/x-www-form-urlencoded"}}) ==
        http::status::unsupported_media_type);
  CHECK(as_mod(verb::post, approve, std::string("{\"reason\": \"\xff\xfe\"}")) ==
        http::status::bad_request);
  CHECK(as_mod(verb::get, "/api/v1/nothing", "") == http::status::not_found);
  CHECK(as_mod(verb::get, "/api/v2/actions", "") == http::status::not_found);
  CHECK(as_mod(verb::get, "/api/v1/actions/abc", "") == http::status::not_found);
  CHECK(as_mod(verb::get, "/api/v1/actions/-1", "") == http::status::not_found);
  CHECK(as_mod(verb::get, "/api/v1/actions/99999999999999999999999", "") ==
        http::status::not_found);
  CHECK(as_mod(verb::put, "/api/v1/actions", "{}") == http::status::method_not_allowed);
  CHECK(as_mod(verb::get, "/api/v1/actions?state=nonsense", "") == http::status::bad_request);
  CHECK(as_mod(verb::get, "/api/v1/actions?limit=0", "") == http::status::bad_request);
  CHECK(as_mod(verb::get, "/api/v1/actions?limit=100000", "") == http::status::bad_request);
  CHECK(as_mod(verb::get, "/api/v1/actions?category=%27%20OR%201=1--", "") ==
        http::status::bad_request);
  CHECK(as_mod(verb::get, "/api/v1/actions?school=%27%20OR%201=1--", "") == http::status::ok);
  CHECK(as_mod(verb::get, "/api/v1/actions/%zz", "") == http::status::bad_request);
  CHECK(f.state_of(ids.back()) == "proposed");
}
