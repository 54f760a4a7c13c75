// Two-step sign-in through the JSON API: a role that needs it can do nothing but set it up,
// set-up by QR code and a confirming code, then sign-in asks for the code.
#include "store/totp.hpp"
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;

namespace {

std::string cookie_pair(const console::HttpResponse& r) {
  std::string c(r[http::field::set_cookie]);
  return c.substr(0, c.find(';'));
}

struct Browser {
  explicit Browser(ApiFixture& fixture) : f(fixture) {}
  ApiFixture& f;
  std::string cookie, csrf;

  console::HttpResponse sign_in(const std::string& user, const std::string& code = "") {
    Json body{{"username", user}, {"password", kPassword}};
    if (!code.empty()) body["code"] = code;
    auto r = f.send(verb::post, "/api/v1/session", body.dump());
    if (r.result() == http::status::ok) {
      cookie = cookie_pair(r);
      csrf = ApiFixture::json(r)["csrf"];
    }
    return r;
  }
  console::HttpResponse send(verb method, const std::string& target, const std::string& body = "") {
    return f.send(method, target, body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  }
};

std::string app_code(const std::string& base32_secret, Time now) {
  const auto secret = *store::totp::base32_decode(base32_secret);
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return store::totp::code_at({reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()},
                              store::totp::step_at(seconds));
}

}  // namespace

TEST_CASE("an admin without a second factor can only set one up; then sign-in asks for a code") {
  ApiFixture f(true, {store::Role::admin, store::Role::safeguarding});
  f.everyone();
  Browser b(f);
  REQUIRE(b.sign_in("admin").result() == http::status::ok);

  auto info = ApiFixture::json(b.send(verb::get, "/api/v1/session"));
  CHECK(info["second_factor_set_up_required"] == true);
  auto blocked = b.send(verb::get, "/api/v1/items");
  CHECK(blocked.result() == http::status::forbidden);
  CHECK(ApiFixture::json(blocked)["second_factor"] == "set_up");
  CHECK(b.send(verb::get, "/api/v1/users").result() == http::status::forbidden);
  // A script's bearer token, made by an admin, is not held back.
  CHECK(f.as("admin", verb::get, "/api/v1/users").result() == http::status::ok);

  auto state = ApiFixture::json(b.send(verb::get, "/api/v1/me/second-factor"));
  CHECK(state == Json{{"enabled", false}, {"required", true}, {"recovery_codes_left", 0}});

  auto started = b.send(verb::post, "/api/v1/me/second-factor");
  REQUIRE(started.result() == http::status::ok);
  auto e = ApiFixture::json(started);
  const std::string secret = e["secret"];
  CHECK(e["uri"].get<std::string>().starts_with("otpauth://totp/hallmonitor:admin?secret="));
  REQUIRE(e["qr"].size() >= 21);  // the smallest QR code is 21 × 21
  CHECK(e["qr"][0].get<std::string>().size() == e["qr"].size());
  CHECK(e["qr"][0].get<std::string>().starts_with("1111111"));  // a finder pattern

  auto bad = b.send(verb::post, "/api/v1/me/second-factor/confirm", R"({"code":"12"})");
  CHECK(bad.result() == http::status::unprocessable_entity);
  auto confirmed = b.send(verb::post, "/api/v1/me/second-factor/confirm",
                          Json{{"code", app_code(secret, f.now)}}.dump());
  REQUIRE(confirmed.result() == http::status::ok);
  CHECK(ApiFixture::json(confirmed)["recovery_codes"].size() == 10);
  CHECK(b.send(verb::get, "/api/v1/items").result() == http::status::ok);

  // Signing in again needs the code: first the password alone, then with the code.
  f.now += std::chrono::minutes(2);
  Browser again(f);
  auto asked = again.sign_in("admin");
  CHECK(asked.result() == http::status::unauthorized);
  CHECK(ApiFixture::json(asked)["second_factor"] == "code");
  CHECK(asked[http::field::set_cookie].empty());
  auto in = again.sign_in("admin", app_code(secret, f.now));
  REQUIRE(in.result() == http::status::ok);
  CHECK(ApiFixture::json(in)["user"]["second_factor"] == true);
  CHECK(again.send(verb::get, "/api/v1/items").result() == http::status::ok);

  // Each outcome is counted for /metrics.
  const auto counts = f.api->sign_in_counts();
  CHECK(counts.signed_in == 2);
  CHECK(counts.code_asked == 1);
  CHECK(counts.wrong_password == 0);
  f.now += std::chrono::minutes(2);
  CHECK(Browser(f).sign_in("admin", "000000").result() == http::status::unauthorized);
  CHECK(f.api->sign_in_counts().wrong_code + f.api->sign_in_counts().signed_in == 3);
}

TEST_CASE("a moderator is not asked for a second factor unless the roles say so") {
  ApiFixture f(true, {store::Role::admin, store::Role::safeguarding});
  f.everyone();
  Browser b(f);
  REQUIRE(b.sign_in("jh-mod").result() == http::status::ok);
  CHECK(b.send(verb::get, "/api/v1/items").result() == http::status::ok);
  CHECK(ApiFixture::json(b.send(verb::get, "/api/v1/me/second-factor"))["required"] == false);
  Browser dsl(f);
  REQUIRE(dsl.sign_in("jh-dsl").result() == http::status::ok);
  CHECK(dsl.send(verb::get, "/api/v1/items").result() == http::status::forbidden);
}
