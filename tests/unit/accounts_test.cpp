// Console accounts: users, grants, passwords, API tokens, and what reaches the database.
// Sign-in, the throttle and sessions are in accounts_login_test.cpp.
#include "store/accounts.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include "accounts_fixture.hpp"
#include "store/credential_crypto.hpp"
#include "store/migrations.hpp"

using namespace hm;
using namespace hm::test;
using store::Grant;
using store::Role;

TEST_CASE("roles print and parse") {
  for (Role r : {Role::admin, Role::moderator, Role::safeguarding, Role::viewer})
    CHECK(store::parse_role(store::to_string(r)) == r);
  CHECK(store::to_string(Role::safeguarding) == "safeguarding");
  CHECK_FALSE(store::parse_role("Admin"));
  CHECK_FALSE(store::parse_role(""));
}

TEST_CASE("add_user refuses bad names, passwords and grants before hashing anything") {
  AccountsFixture f;
  const auto add = [&](std::string_view name, std::string_view password,
                       std::vector<Grant> grants = {{}}) {
    return f.accounts.add_user(name, password, grants, kAdmin, kT0);
  };
  for (std::string_view name : {"", "has space", "semi;colon", "caf\xc3\xa9", "tab\there"})
    CHECK(add(name, kPassword).error().find("user name") != std::string::npos);
  CHECK_FALSE(add(std::string(65, 'a'), kPassword).has_value());
  CHECK(add("short", "elevenchars").error().starts_with("a password needs at least 12 characters"));
  // Characters, not bytes: eleven two-byte letters are still too short.
  std::string accented;
  for (int i = 0; i < 11; ++i) accented += "\xc3\xa9";
  CHECK_FALSE(add("accented", accented).has_value());
  CHECK(add("long", std::string(1025, 'x')).error().find("1024") != std::string::npos);
  CHECK(add("noroles", kPassword, {}).error() == "a user needs at least one role");
  CHECK(add("badschool", kPassword, {{Role::viewer, "no such/school"}}).error().find("school") !=
        std::string::npos);
  CHECK(add("badrole", kPassword, {{static_cast<Role>(9), "*"}}).error() == "unknown role");
  CHECK(f.count("users") == 0);
  CHECK(f.accounts.users().empty());
}

TEST_CASE("a user is added with grants, listed by name, and a taken name is refused") {
  AccountsFixture f;
  auto zoe = f.add("zoe.smith@school-1", {{Role::moderator, "jh"}, {Role::viewer, "*"}});
  CHECK(zoe.name == "zoe.smith@school-1");
  CHECK(zoe.created_at == kT0);
  CHECK(zoe.grants == std::vector<Grant>{{Role::viewer, "*"}, {Role::moderator, "jh"}});
  f.add("adam", {{Role::admin, "*"}, {Role::admin, "*"}});  // a repeated grant counts once

  auto users = f.accounts.users();
  REQUIRE(users.size() == 2);
  CHECK(users[0].name == "adam");
  CHECK(users[0].grants == std::vector<Grant>{{Role::admin, "*"}});
  CHECK(users[1] == zoe);
  CHECK(f.accounts.user("zoe.smith@school-1") == zoe);
  CHECK_FALSE(f.accounts.user("ZOE.SMITH@SCHOOL-1"));

  auto again = f.accounts.add_user("adam", "another long password", {{}}, kAdmin, kT0);
  CHECK(again.error() == "a user named 'adam' already exists");
  CHECK(f.count("users") == 2);
}

TEST_CASE("remove_user ends sessions and tokens; adding the name again re-enables the row") {
  AccountsFixture f;
  const auto first = f.add("alice", {{Role::admin, "*"}});
  auto session = f.login("alice");
  auto token = f.accounts.create_token("alice", "deploy", kAdmin, kT0);
  REQUIRE(token.has_value());
  REQUIRE(f.accounts.token_user(token->second, kT0));

  REQUIRE(f.accounts.remove_user("alice", kAdmin, kT0).has_value());
  CHECK_FALSE(f.accounts.user("alice"));
  CHECK(f.accounts.users().empty());
  CHECK_FALSE(f.accounts.session_user(session.token, kT0));
  CHECK_FALSE(f.accounts.token_user(token->second, kT0));
  CHECK(f.count("sessions") == 0);
  CHECK(f.accounts.tokens().at(0).revoked_at == kT0);
  CHECK(f.scalar("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL") == 0);
  CHECK(f.accounts.login("alice", kPassword, "192.0.2.1", kT0).error().why ==
        store::LoginRefused::Why::bad_credentials);
  CHECK(f.accounts.remove_user("alice", kAdmin, kT0).error() == "no user named 'alice'");

  const auto later = kT0 + std::chrono::hours(1);
  auto back =
      f.accounts.add_user("alice", "a brand new passphrase", {{Role::viewer, "jh"}}, kAdmin, later);
  REQUIRE(back.has_value());
  CHECK(back->id == first.id);
  CHECK(back->grants == std::vector<Grant>{{Role::viewer, "jh"}});
  CHECK(back->created_at == later);
  CHECK_FALSE(f.accounts.token_user(token->second, later));  // old tokens stay revoked
  CHECK(f.accounts.login("alice", "a brand new passphrase", "192.0.2.1", later).has_value());
}

TEST_CASE("set_password ends the user's sessions, revokes their tokens and replaces the password") {
  AccountsFixture f;
  f.add("bob");
  f.add("carol");
  auto session = f.login("bob");
  const auto token = f.accounts.create_token("bob", "script", kAdmin, kT0)->second;
  const auto carols = f.accounts.create_token("carol", "script", kAdmin, kT0)->second;
  REQUIRE(f.accounts.token_user(token, kT0));
  CHECK(f.accounts.set_password("bob", "short", kAdmin, kT0).error().find("12") !=
        std::string::npos);
  CHECK(f.accounts.set_password("nobody", "long enough password", kAdmin, kT0).error() ==
        "no user named 'nobody'");
  CHECK(f.accounts.set_password("bob", "aaaaaaaaaaaa", kAdmin, kT0).error().find("too few") !=
        std::string::npos);
  CHECK(f.accounts.token_user(token, kT0));  // a refused change changes nothing
  REQUIRE(f.accounts.set_password("bob", "a completely new one", kAdmin, kT0).has_value());
  CHECK_FALSE(f.accounts.session_user(session.token, kT0));
  // A token made while the old password was known stops with it; other users' do not.
  CHECK_FALSE(f.accounts.token_user(token, kT0));
  CHECK(f.accounts.tokens()[0].revoked_at == kT0);
  CHECK(f.accounts.token_user(carols, kT0));
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'user.password' AND "
                 "json_extract(detail, '$.tokens_revoked') = 1 AND "
                 "json_extract(detail, '$.sessions_ended') = 1") == 1);
  CHECK_FALSE(f.accounts.login("bob", kPassword, "192.0.2.1", kT0).has_value());
  // One second later: the wrong password just tried costs a 1 s delay from that address.
  CHECK(f.accounts.login("bob", "a completely new one", "192.0.2.1", kT0 + std::chrono::seconds(1))
            .has_value());
}

TEST_CASE("API tokens: made once with the hm_ prefix, authenticate, and stop when revoked") {
  AccountsFixture f;
  f.add("carol", {{Role::moderator, "jh"}});
  auto made = f.accounts.create_token("carol", "nightly export", kAdmin, kT0);
  REQUIRE(made.has_value());
  const auto& [info, secret] = *made;
  CHECK(secret.starts_with("hm_"));
  CHECK(secret.size() == 3 + 43);  // 32 random bytes, base64url
  CHECK(info.user == "carol");
  CHECK(info.name == "nightly export");
  CHECK(info.created_at == kT0);
  auto other = f.accounts.create_token("carol", "", kAdmin, kT0);
  REQUIRE(other.has_value());
  CHECK(other->second != secret);

  auto user = f.accounts.token_user(secret, kT0 + std::chrono::seconds(5));
  REQUIRE(user);
  CHECK(user->name == "carol");
  CHECK(user->grants == std::vector<Grant>{{Role::moderator, "jh"}});
  CHECK_FALSE(f.accounts.token_user(secret.substr(0, secret.size() - 1), kT0));
  CHECK_FALSE(f.accounts.token_user(secret.substr(3), kT0));  // the prefix is part of it
  CHECK_FALSE(f.accounts.token_user("", kT0));

  auto listed = f.accounts.tokens();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == info.id);
  CHECK(listed[0].last_used_at == kT0 + std::chrono::seconds(5));
  CHECK_FALSE(listed[1].last_used_at);

  CHECK(f.accounts.create_token("nobody", "x", kAdmin, kT0).error() == "no user named 'nobody'");
  CHECK_FALSE(f.accounts.create_token("carol", "bell\a", kAdmin, kT0).has_value());
  CHECK_FALSE(f.accounts.create_token("carol", "bad \xff utf-8", kAdmin, kT0).has_value());
  CHECK_FALSE(f.accounts.create_token("carol", std::string(101, 'x'), kAdmin, kT0).has_value());

  const auto later = kT0 + std::chrono::minutes(1);
  REQUIRE(f.accounts.revoke_token(info.id, kAdmin, later).has_value());
  CHECK_FALSE(f.accounts.token_user(secret, later));
  CHECK(f.accounts.token_user(other->second, later));  // only the one revoked
  CHECK(f.accounts.tokens()[0].revoked_at == later);
  const auto revocations = f.scalar("SELECT COUNT(*) FROM audit_log WHERE event='token.revoke'");
  CHECK(f.accounts.revoke_token(info.id, kAdmin, later).has_value());  // again: no-op
  CHECK(f.scalar("SELECT COUNT(*) FROM audit_log WHERE event='token.revoke'") == revocations);
  CHECK(f.accounts.revoke_token(999, kAdmin, later).error() == "no token with id 999");
}

TEST_CASE("the dummy hash for unknown users is at today's Argon2id limits") {
  CHECK_FALSE(store::detail::password_needs_rehash(store::detail::dummy_password_hash()));
  CHECK(store::detail::dummy_password_hash().starts_with("$argon2id$"));
}

TEST_CASE("a hash made at weaker limits is replaced at the next successful login") {
  AccountsFixture f;
  f.add("dave");
  REQUIRE(sodium_init() >= 0);
  char weak[crypto_pwhash_STRBYTES];
  REQUIRE(crypto_pwhash_str(weak, kPassword.data(), kPassword.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN) == 0);
  f.store->connection()
      .prepare("UPDATE users SET password_hash = ? WHERE name = 'dave'")
      .bind(1, weak)
      .run();
  REQUIRE(store::detail::password_needs_rehash(weak));
  f.login("dave");
  auto s = f.store->connection().prepare("SELECT password_hash FROM users WHERE name = 'dave'");
  REQUIRE(s.step());
  CHECK(s.text(0) != weak);
  CHECK_FALSE(store::detail::password_needs_rehash(s.text(0)));
  f.login("dave");  // and the new hash verifies
}

TEST_CASE("only hashes reach the database, and the audit log records every step") {
  AccountsFixture f;
  const std::string second_password = "second passphrase, also long";
  f.add("erin", {{Role::admin, "*"}});
  auto session = f.login("erin");
  CHECK_FALSE(f.accounts.login("erin", "a wrong guess at it", "192.0.2.9", kT0).has_value());
  auto token = f.accounts.create_token("erin", "ci", kAdmin, kT0);
  REQUIRE(token.has_value());
  REQUIRE(f.accounts.revoke_token(token->first.id, kAdmin, kT0).has_value());
  f.accounts.logout(session.token, kT0);
  CHECK_FALSE(f.accounts.session_user(session.token, kT0));
  f.accounts.logout(session.token, kT0);  // twice: nothing more happens
  REQUIRE(f.accounts.set_password("erin", second_password, kAdmin, kT0).has_value());
  auto second = f.login("erin", second_password);
  auto live_token = f.accounts.create_token("erin", "live", kAdmin, kT0);
  REQUIRE(live_token.has_value());
  REQUIRE(f.accounts.remove_user("erin", kAdmin, kT0).has_value());

  const std::vector<std::string> secrets = {
      std::string(kPassword), "a wrong guess at it", second_password, session.token,
      session.csrf,           second.token,          second.csrf,     token->second,
      live_token->second};
  // Every value of every column of every table, as text...
  auto& c = f.store->connection();
  std::vector<std::string> tables;
  for (auto s = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'"); s.step();)
    tables.push_back(s.text(0));
  int values = 0;
  bool found_name = false;
  for (const auto& table : tables) {
    std::vector<std::string> columns;
    auto info = c.prepare("SELECT name FROM pragma_table_info(?)");
    info.bind(1, table);
    while (info.step()) columns.push_back(info.text(0));
    for (const auto& column : columns) {
      // Names come from the schema, not from outside.
      auto s = c.prepare("SELECT CAST(\"" + column + "\" AS TEXT) FROM \"" + table + "\"");
      while (s.step()) {
        ++values;
        found_name = found_name || s.text(0) == "erin";
        for (const auto& secret : secrets)
          CHECK_MESSAGE(s.text(0).find(secret) == std::string::npos,
                        std::string(table + "." + column));
      }
    }
  }
  CHECK(values > 100);
  CHECK(found_name);  // the scan does see what is stored
  // ...and every byte of the files, the WAL included (nothing lingers in free pages).
  const std::string bytes = file_bytes(f.db) + file_bytes(f.db.string() + "-wal");
  CHECK(bytes.size() > 4096);
  CHECK(bytes.find("user:erin") != std::string::npos);
  for (const auto& secret : secrets) CHECK(bytes.find(secret) == std::string::npos);

  // The audit log: every step (a failed sign-in is no step: the throttle counts it), a chain that
  // verifies, and no secret (checked above) nor the password's hash.
  std::vector<std::string> expected(std::size_t(store::latest_schema_version()), "schema.migrate");
  for (const char* e :
       {"user.add", "session.login", "token.create", "token.revoke", "session.logout",
        "user.password", "session.login", "token.create", "user.remove"})
    expected.push_back(e);
  CHECK(f.audit_events() == expected);
  auto rows = c.prepare(
      "SELECT actor, subject, detail FROM audit_log WHERE event LIKE 'session.%' ORDER BY id");
  std::vector<std::string> seen;
  while (rows.step()) seen.push_back(rows.text(0) + " " + rows.text(1) + " " + rows.text(2));
  CHECK(seen == std::vector<std::string>{
                    R"(user:erin user:erin {"address":"192.0.2.1","rehashed":false})",
                    R"(user:erin user:erin {})",
                    R"(user:erin user:erin {"address":"192.0.2.1","rehashed":false})"});
  CHECK(f.store->verify_audit().ok);
  auto hashes = c.prepare("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%argon2%'");
  REQUIRE(hashes.step());
  CHECK(hashes.int64(0) == 0);
}

TEST_CASE("a token made with an expiry works until then, is refused from then, and lists it") {
  AccountsFixture f;
  f.add("dave");
  const auto ends = kT0 + std::chrono::hours(24);
  CHECK(f.accounts.create_token("dave", "x", kAdmin, kT0, kT0).error() ==
        "a token's expiry must be in the future");
  auto made = f.accounts.create_token("dave", "one-off export", kAdmin, kT0, ends);
  REQUIRE(made.has_value());
  CHECK(made->first.expires_at == ends);
  CHECK(f.accounts.token_user(made->second, ends - std::chrono::seconds(1)));
  CHECK_FALSE(f.accounts.token_user(made->second, ends));
  CHECK_FALSE(f.accounts.token_user(made->second, ends + std::chrono::hours(1)));
  const auto listed = f.accounts.tokens();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].expires_at == ends);
  CHECK(listed[0].last_used_at == ends - std::chrono::seconds(1));
}
