// Second factors in the store: set-up in two steps, sign-in with a code or a recovery code,
// replay refused, wrong codes throttled, the secret sealed (never in the database in clear), and
// an admin's reset.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "accounts_fixture.hpp"
#include "store/totp.hpp"

using namespace hm;
using namespace hm::test;
using Why = store::LoginRefused::Why;

namespace {

std::int64_t unix_seconds(Time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// What the user's authenticator app shows at `t`, from the secret the set-up showed.
std::string app_code(const store::SecondFactorEnrolment& e, Time t) {
  const auto secret = store::totp::base32_decode(e.secret);
  REQUIRE(secret.has_value());
  return store::totp::code_at(
      {reinterpret_cast<const std::uint8_t*>(secret->data()), secret->size()},
      store::totp::step_at(unix_seconds(t)));
}

struct Enrolled {
  store::SecondFactorEnrolment enrolment;
  std::vector<std::string> recovery_codes;
};

Enrolled enrol(AccountsFixture& f, const std::string& name, Time t) {
  auto e = f.accounts.begin_second_factor(name, t);
  REQUIRE_MESSAGE(e.has_value(), e.error());
  auto codes = f.accounts.confirm_second_factor(name, app_code(*e, t), t);
  REQUIRE_MESSAGE(codes.has_value(), codes.error());
  return {*e, *codes};
}

}  // namespace

TEST_CASE("set-up: confirmed only by a code from the new secret; ten recovery codes once") {
  AccountsFixture f;
  f.add("head", {{store::Role::admin, "*"}});
  auto e = f.accounts.begin_second_factor("head", kT0);
  REQUIRE(e.has_value());
  CHECK(e->secret.size() == 32);  // 20 bytes of base32
  CHECK(e->uri.starts_with("otpauth://totp/hallmonitor:head?secret=" + e->secret));
  // Not yet on: the password alone still signs in.
  CHECK_FALSE(f.accounts.user("head")->second_factor);
  f.login("head");

  auto wrong = f.accounts.confirm_second_factor("head", "000000", kT0);
  if (app_code(*e, kT0) != "000000") CHECK_FALSE(wrong.has_value());
  auto codes = f.accounts.confirm_second_factor("head", app_code(*e, kT0), kT0);
  REQUIRE(codes.has_value());
  CHECK(codes->size() == 10);
  CHECK(f.accounts.user("head")->second_factor);
  CHECK(f.accounts.recovery_codes_left("head") == 10);
  // Once on, setting up again needs an admin's reset first.
  CHECK_FALSE(f.accounts.begin_second_factor("head", kT0).has_value());
  CHECK(f.audit_events().back() == "user.second_factor_on");
}

TEST_CASE("sign-in with a second factor: asked for a code, wrong codes throttled, no replay") {
  AccountsFixture f;
  f.add("dsl", {{store::Role::safeguarding, "jh"}});
  const Enrolled on = enrol(f, "dsl", kT0);
  const Time later = kT0 + std::chrono::minutes(5);

  auto no_code = f.accounts.login("dsl", kPassword, "192.0.2.1", later);
  REQUIRE_FALSE(no_code.has_value());
  CHECK(no_code.error().why == Why::second_factor_needed);

  // The right code with the wrong password is still the one refusal for bad credentials.
  auto wrong_password = f.accounts.login("dsl", "not the password", "192.0.2.1", later,
                                         app_code(on.enrolment, later));
  REQUIRE_FALSE(wrong_password.has_value());
  CHECK(wrong_password.error().why == Why::bad_credentials);

  const Time t1 = later + std::chrono::seconds(5);
  const std::string code = app_code(on.enrolment, t1);
  const std::string bad = code == "000000" ? "111111" : "000000";
  auto wrong_code = f.accounts.login("dsl", kPassword, "192.0.2.1", t1, bad);
  REQUIRE_FALSE(wrong_code.has_value());
  CHECK(wrong_code.error().why == Why::bad_second_factor);
  // A wrong code counts like a wrong password: the next try from there waits.
  auto too_soon = f.accounts.login("dsl", kPassword, "192.0.2.1", t1, code);
  REQUIRE_FALSE(too_soon.has_value());
  CHECK(too_soon.error().why == Why::throttled);

  const Time t2 = t1 + std::chrono::seconds(2);  // same 30 s step, past the 1 s delay
  REQUIRE(store::totp::step_at(unix_seconds(t2)) == store::totp::step_at(unix_seconds(t1)));
  auto session = f.accounts.login("dsl", kPassword, "192.0.2.1", t2, code);
  REQUIRE_MESSAGE(session.has_value(), session.error().message);
  // The same code again, seen over a shoulder, is refused.
  auto replay = f.accounts.login("dsl", kPassword, "192.0.2.9", t2, code);
  REQUIRE_FALSE(replay.has_value());
  CHECK(replay.error().why == Why::bad_second_factor);
}

TEST_CASE("a recovery code works once, in any case and with or without dashes") {
  AccountsFixture f;
  f.add("head", {{store::Role::admin, "*"}});
  const Enrolled on = enrol(f, "head", kT0);
  std::string typed = on.recovery_codes.at(3);
  std::erase(typed, '-');
  for (char& c : typed) c = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  auto session = f.accounts.login("head", kPassword, "192.0.2.1", kT0, typed);
  REQUIRE_MESSAGE(session.has_value(), session.error().message);
  CHECK(f.accounts.recovery_codes_left("head") == 9);
  auto again = f.accounts.login("head", kPassword, "192.0.2.7", kT0, on.recovery_codes.at(3));
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().why == Why::bad_second_factor);
}

TEST_CASE("the secret is sealed: not in the database in clear, the key in a 0600 file") {
  AccountsFixture f;
  f.add("head", {{store::Role::admin, "*"}});
  const Enrolled on = enrol(f, "head", kT0);
  const auto secret = *store::totp::base32_decode(on.enrolment.secret);
  f.store->connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const std::string db = file_bytes(f.db);
  CHECK(db.find(secret) == std::string::npos);
  CHECK(db.find(on.enrolment.secret) == std::string::npos);
  for (const auto& code : on.recovery_codes) CHECK(db.find(code) == std::string::npos);
  struct stat st {};
  REQUIRE(::stat((f.dir.path() / "second-factor.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  // Without its key (a lost or replaced key file) the code cannot be checked: refused, never
  // let through.
  f.store->connection()
      .prepare("UPDATE second_factors SET sealed = ? WHERE user_id = ?")
      .bind_all(std::string(120, 'a'), f.accounts.user("head")->id)
      .run();
  auto r = f.accounts.login("head", kPassword, "192.0.2.1", kT0 + std::chrono::minutes(1),
                            app_code(on.enrolment, kT0 + std::chrono::minutes(1)));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().why == Why::bad_second_factor);
}

TEST_CASE("an admin's reset removes the second factor and its codes, audited") {
  AccountsFixture f;
  f.add("head", {{store::Role::admin, "*"}});
  enrol(f, "head", kT0);
  REQUIRE(f.accounts.reset_second_factor("head", kAdmin, kT0).has_value());
  CHECK_FALSE(f.accounts.user("head")->second_factor);
  CHECK(f.accounts.recovery_codes_left("head") == 0);
  CHECK(f.audit_events().back() == "user.second_factor_reset");
  f.login("head");  // the password alone again
  CHECK_FALSE(f.accounts.reset_second_factor("head", kAdmin, kT0).has_value());
  CHECK_FALSE(f.accounts.reset_second_factor("nobody", kAdmin, kT0).has_value());
}

TEST_CASE("which users must set one up follows the policy's roles") {
  store::AccountPolicy policy;
  policy.second_factor_roles = {store::Role::admin, store::Role::safeguarding};
  AccountsFixture f(policy);
  auto head = f.add("head", {{store::Role::admin, "*"}});
  auto mod = f.add("mod", {{store::Role::moderator, "jh"}});
  auto both = f.add("both", {{store::Role::moderator, "jh"}, {store::Role::safeguarding, "jh"}});
  CHECK(f.accounts.must_set_up_second_factor(head));
  CHECK_FALSE(f.accounts.must_set_up_second_factor(mod));
  CHECK(f.accounts.must_set_up_second_factor(both));
  enrol(f, "head", kT0);
  CHECK_FALSE(f.accounts.must_set_up_second_factor(*f.accounts.user("head")));
  CHECK(f.accounts.second_factor_required(*f.accounts.user("head")));
}
