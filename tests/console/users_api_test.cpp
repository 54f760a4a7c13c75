// PATCH /api/v1/users/{name} through ConsoleApi::handle: a role changed without removing the
// user, an e-mail address, the digest opt-in; validation, the admin-only rule, self-lockout,
// and the audit row that says the address changed without holding it.
#include "store/evidence.hpp"
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;

namespace {

std::string last_audit_detail(ApiFixture& f) {
  auto s = f.store->connection().prepare(
      "SELECT event || ' ' || detail FROM audit_log ORDER BY id DESC LIMIT 1");
  REQUIRE(s.step());
  return s.text(0);
}

}  // namespace

TEST_CASE("users: an admin changes a role, and the user keeps their tokens and name") {
  ApiFixture f;
  f.everyone();
  auto r = f.as("admin", verb::patch, "/api/v1/users/jh-viewer",
                R"({"roles":[{"role":"moderator","school":"jh"}]})");
  REQUIRE(r.result() == http::status::ok);
  const Json u = ApiFixture::json(r);
  CHECK(u["name"] == "jh-viewer");
  CHECK(u["roles"] == Json::parse(R"([{"role":"moderator","school":"jh"}])"));
  // The same bearer token now carries the new role.
  auto listed = ApiFixture::json(f.as("jh-viewer", verb::get, "/api/v1/session"));
  CHECK(listed["user"]["roles"][0]["role"] == "moderator");
  CHECK(last_audit_detail(f).find("user.update") == 0);
}

TEST_CASE("users: an e-mail address and the digest opt-in; removing the address stops the digest") {
  ApiFixture f;
  f.everyone();
  auto r = f.as("admin", verb::patch, "/api/v1/users/jh-mod",
                R"({"email":"head@jh.example.sch.uk","digest":true})");
  REQUIRE(r.result() == http::status::ok);
  CHECK(ApiFixture::json(r)["email"] == "head@jh.example.sch.uk");
  CHECK(ApiFixture::json(r)["digest"] == true);
  // The audit log says it changed, never the address (the log cannot be erased).
  const auto audit = last_audit_detail(f);
  CHECK(audit.find("changed") != std::string::npos);
  CHECK(audit.find("head@jh") == std::string::npos);
  const Json users = ApiFixture::json(f.as("admin", verb::get, "/api/v1/users"));
  bool seen = false;
  for (const auto& u : users["users"])
    if (u["name"] == "jh-mod") {
      seen = true;
      CHECK(u["email"] == "head@jh.example.sch.uk");
      CHECK(u["digest"] == true);
      CHECK(u["roles"][0]["role"] == "moderator");  // roles untouched
    }
  CHECK(seen);

  r = f.as("admin", verb::patch, "/api/v1/users/jh-mod", R"({"email":null})");
  REQUIRE(r.result() == http::status::ok);
  CHECK(ApiFixture::json(r)["email"].is_null());
  CHECK(ApiFixture::json(r)["digest"] == false);
}

TEST_CASE("users: bad input is a clear 400 and changes nothing") {
  ApiFixture f;
  f.everyone();
  auto bad = [&](const std::string& body, const std::string& says) {
    auto r = f.as("admin", verb::patch, "/api/v1/users/jh-mod", body);
    CHECK(r.result() == http::status::bad_request);
    CHECK_MESSAGE(ApiFixture::json(r)["error"].get<std::string>().find(says) != std::string::npos,
                  ApiFixture::json(r)["error"]);
  };
  bad(R"({"email":"head@jh.example\r\nBcc: everyone@example.com"})", "not an e-mail address");
  bad(R"({"email":"<a@b.example>"})", "not an e-mail address");
  bad(R"({"email":"no-at-sign"})", "not an e-mail address");
  bad(R"({"digest":true})", "give an e-mail address");
  bad(R"({"digest":"yes"})", "true or false");
  bad(R"({"roles":[]})", "non-empty");
  bad(R"({"roles":[{"role":"owner","school":"jh"}]})", "role must be");
  bad(R"({"roles":[{"role":"moderator","school":"nowhere"}]})", "no school");
  bad(R"({})", "send any of");
  const auto user = store::Accounts(f.store->connection()).user("jh-mod");
  CHECK(user->email.empty());
  CHECK(user->grants == std::vector<store::Grant>{{store::Role::moderator, "jh"}});
}

TEST_CASE("users: only an admin for every school; not yourself out of admin; unknown user 404") {
  ApiFixture f;
  f.everyone();
  CHECK(f.as("jh-mod", verb::patch, "/api/v1/users/jh-mod", R"({"email":"me@jh.example"})")
            .result() == http::status::forbidden);
  auto self = f.as("admin", verb::patch, "/api/v1/users/admin",
                   R"({"roles":[{"role":"viewer","school":"*"}]})");
  CHECK(self.result() == http::status::conflict);
  CHECK(f.as("admin", verb::patch, "/api/v1/users/admin", R"({"email":"it@trust.example"})")
            .result() == http::status::ok);  // their own address is fine
  CHECK(f.as("admin", verb::patch, "/api/v1/users/nobody", R"({"digest":false})").result() ==
        http::status::not_found);
}

TEST_CASE("tokens: an admin may give one an expiry in days; it is listed and then refused") {
  ApiFixture f;
  f.everyone();
  CHECK(f.as("admin", verb::post, "/api/v1/tokens",
             R"({"user":"jh-mod","name":"x","expires_in_days":0})")
            .result() == http::status::bad_request);
  auto made = f.as("admin", verb::post, "/api/v1/tokens",
                   R"({"user":"jh-mod","name":"export","expires_in_days":2})");
  REQUIRE(made.result() == http::status::created);
  const auto body = ApiFixture::json(made);
  const std::string ends =
      store::iso8601((f.now + std::chrono::days(2)).time_since_epoch().count());
  CHECK(body["expires_at"] == ends);
  const std::string token = body["token"];
  const auto listed = ApiFixture::json(f.as("admin", verb::get, "/api/v1/tokens"))["tokens"];
  CHECK(listed.back()["expires_at"] == ends);
  const auto session = [&] {
    return f.send(verb::get, "/api/v1/session", "", {{"Authorization", "Bearer " + token}});
  };
  CHECK(session().result() == http::status::ok);
  f.now += std::chrono::days(2);
  CHECK(session().result() == http::status::unauthorized);
}

TEST_CASE("adding a user and setting a password hash on a worker: the API answers with slow work") {
  ApiFixture f;
  f.everyone();
  auto request = [&](http::verb method, const std::string& target, const std::string& body) {
    console::HttpRequest r{method, target, 11};
    r.set(http::field::host, "127.0.0.1");
    r.set("Authorization", "Bearer " + f.tokens.at("admin"));
    r.set("Content-Type", "application/json");
    r.body() = body;
    r.prepare_payload();
    return r;
  };
  const auto add = request(
      http::verb::post, "/api/v1/users",
      R"({"name":"newbie","password":"copper lantern drifts slowly","roles":[{"role":"viewer","school":"jh"}]})");
  auto reply = f.api->start(add, {"127.0.0.1", false}, f.now);
  REQUIRE(std::holds_alternative<console::SlowWork>(reply));
  // Nothing is written before the hash and the finish.
  const auto before =
      f.api->handle(request(http::verb::get, "/api/v1/users", ""), {"127.0.0.1", false}, f.now);
  CHECK(before.body().find("newbie") == std::string::npos);
  CHECK(console::run_inline(std::move(reply)).result() == http::status::created);

  // A weak password is refused at once, before any hashing.
  const auto weak =
      request(http::verb::post, "/api/v1/users/newbie/password", R"({"password":"aaaaaaaaaaaa"})");
  auto refused = f.api->start(weak, {"127.0.0.1", false}, f.now);
  REQUIRE(std::holds_alternative<console::HttpResponse>(refused));
  CHECK(std::get<console::HttpResponse>(refused).result() == http::status::bad_request);
  const auto good = request(http::verb::post, "/api/v1/users/newbie/password",
                            R"({"password":"quiet harbour seven maples"})");
  auto set = f.api->start(good, {"127.0.0.1", false}, f.now);
  REQUIRE(std::holds_alternative<console::SlowWork>(set));
  CHECK(console::run_inline(std::move(set)).result() == http::status::no_content);
}
