// PATCH /api/v1/users/{name} through ConsoleApi::handle: a role changed without removing the
// user, an e-mail address, the digest opt-in; validation, the admin-only rule, self-lockout,
// and the audit row that says the address changed without holding it.
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
