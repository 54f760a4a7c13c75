// hallmonitorctl user / token, run as the real binary; what they did is then checked through
// store::Accounts, as the daemon's API would see it.
#include <doctest/doctest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "store/accounts.hpp"
#include "store/store.hpp"
#include "support/cli_runner.hpp"
#include "support/temp_dir.hpp"

using namespace hm;
using namespace hm::test;

namespace {

const std::string kBobPassword = "the second long enough password";

struct Setup {
  TempDir dir;
  std::string config = dir.write("hallmonitor.toml", R"(
[daemon]
state_dir = "state"

[filters]
dir = "filters"

[[school]]
id = "jh"
name = "Joseph Hood Primary School"

[[school]]
id = "st-marys"
name = "St Mary's"
)")
                           .string();
  std::filesystem::path db = dir.path() / "state" / "hallmonitor.db";

  RunResult ctl(const std::string& args, const std::string& input = "") const {
    return run_ctl(dir, args + " --config " + config, input);
  }

  std::string password_file(const std::string& name, const std::string& password) const {
    return dir.write(name, password + "\n").string();
  }
};

store::Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string last_line(const std::string& out) {
  std::string text = out;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.substr(text.rfind('\n') + 1);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("user add: a password file or stdin; duplicates, bad roles and unknown schools refused") {
  Setup s;
  const auto pw = s.password_file("alice.pw", "the first long enough password");
  auto r = s.ctl("user add alice --role admin --password-file " + pw);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out == "added user alice: admin for every school\n");

  r = s.ctl("user add alice --role viewer --password-file " + pw);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "a user named 'alice' already exists"));
  r = s.ctl("user add bob --role overlord --password-file " + pw);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "--role must be admin, moderator, safeguarding or viewer"));
  r = s.ctl("user add bob --role moderator --school jh --school hogwarts --password-file " + pw);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "no school 'hogwarts'"));
  CHECK(contains(r.err, "jh, st-marys"));
  r = s.ctl("user add 'bob smith' --role moderator --password-file " + pw);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "user name"));
  CHECK(s.ctl("user add bob --role moderator", "short\n").exit_code == 2);
  CHECK(s.ctl("user add bob --role moderator", "").exit_code == 2);  // nothing on stdin
  CHECK(s.ctl("user add bob --role moderator --password-file /nonexistent/pw").exit_code == 2);

  // One role in each school given; the password from stdin (a pipe: no prompt).
  r = s.ctl("user add bob --role moderator --school jh --school st-marys", kBobPassword + "\n");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out == "added user bob: moderator for jh, moderator for st-marys\n");

  r = s.ctl("user list");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.starts_with("NAME "));
  CHECK(contains(r.out, "admin for every school"));
  CHECK(contains(r.out, "moderator for jh, moderator for st-marys"));
  CHECK(r.out.find("alice") < r.out.find("bob"));

  store::Store store(s.db, {.run_checkpoints = false, .retry = {}});
  store::Accounts accounts(store.connection());
  CHECK(accounts.login("bob", kBobPassword, "127.0.0.1", now()).has_value());
  auto audit = store.connection().prepare(
      "SELECT actor FROM audit_log WHERE event = 'user.add' ORDER BY id");
  REQUIRE(audit.step());
  const passwd* me = ::getpwuid(::getuid());
  REQUIRE(me);
  CHECK(audit.text(0) == "cli:" + std::string(me->pw_name));
}

TEST_CASE("token create prints the token last; list never shows it; revoke stops it") {
  Setup s;
  REQUIRE(s.ctl("user add bob --role moderator --school jh", kBobPassword + "\n").exit_code == 0);
  // From here on a "daemon" holds the database open, as hallmonitord would.
  store::Store daemon(s.db);
  store::Accounts accounts(daemon.connection());

  auto r = s.ctl("token create --user bob --name ci-export");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const std::string token = last_line(r.out);
  CHECK(token.starts_with("hm_"));
  CHECK(token.size() == 46);
  CHECK(contains(r.out, "created token 1 \"ci-export\" for bob"));
  CHECK(contains(r.out, "shown only this once"));
  auto user = accounts.token_user(token, now());
  REQUIRE(user);
  CHECK(user->name == "bob");
  CHECK(user->grants == std::vector<store::Grant>{{store::Role::moderator, "jh"}});

  r = s.ctl("token list");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(contains(r.out, "ci-export"));
  CHECK(contains(r.out, "bob"));
  CHECK_FALSE(contains(r.out, token));
  CHECK_FALSE(contains(r.out, token.substr(3)));

  CHECK(s.ctl("token create --user nobody-here").exit_code == 2);

  r = s.ctl("token revoke 1");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out == "revoked token 1\n");
  CHECK_FALSE(accounts.token_user(token, now()));
  r = s.ctl("token revoke 1");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "token 1 was already revoked\n");
  r = s.ctl("token revoke 99");
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "no token with id 99"));
  CHECK(daemon.verify_audit().ok);  // both processes' rows form one chain
}

TEST_CASE("user passwd and user remove, seen by the store") {
  Setup s;
  REQUIRE(s.ctl("user add carol --role safeguarding", kBobPassword + "\n").exit_code == 0);
  const std::string next = "a third and different password";
  auto r = s.ctl("user passwd carol --password-file " + s.password_file("carol.pw", next));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(s.ctl("user passwd nobody-here", next + "\n").exit_code == 2);
  {
    store::Store store(s.db, {.run_checkpoints = false, .retry = {}});
    store::Accounts accounts(store.connection());
    CHECK_FALSE(accounts.login("carol", kBobPassword, "127.0.0.1", now()).has_value());
    // A wrong password makes that address wait a second (the throttle's first delay).
    CHECK(accounts.login("carol", next, "127.0.0.1", now() + std::chrono::seconds(2)).has_value());
  }
  r = s.ctl("user remove carol");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(s.ctl("user remove carol").exit_code == 2);
  CHECK_FALSE(contains(s.ctl("user list").out, "carol"));
  store::Store store(s.db, {.run_checkpoints = false, .retry = {}});
  store::Accounts accounts(store.connection());
  CHECK_FALSE(accounts.login("carol", next, "127.0.0.1", now()).has_value());
}

TEST_CASE("usage errors exit 2; listing without a database exits 1") {
  Setup s;
  CHECK(run_ctl(s.dir, "user list").exit_code == 2);  // no --config
  CHECK(run_ctl(s.dir, "user add x --role admin --config /nonexistent.toml").exit_code == 2);
  CHECK(s.ctl("token revoke not-a-number").exit_code == 2);
  CHECK(s.ctl("user").exit_code == 2);
  auto r = s.ctl("token list");
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "no database"));
}

TEST_CASE("run as root, the commands act as the state directory's owner") {
  const passwd* nobody = ::getpwnam("nobody");
  if (::geteuid() != 0 || !nobody) return;  // only meaningful (and possible) as root
  Setup s;
  std::filesystem::create_directories(s.dir.path() / "state");
  std::filesystem::permissions(s.dir.path(), std::filesystem::perms::owner_all |
                                                 std::filesystem::perms::group_exec |
                                                 std::filesystem::perms::others_exec);
  REQUIRE(::chown((s.dir.path() / "state").c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
  auto r = s.ctl("user add dan --role viewer", kBobPassword + "\n");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st {};
    const std::string file = s.db.string() + suffix;
    if (::stat(file.c_str(), &st) != 0) continue;
    CHECK_MESSAGE(st.st_uid == nobody->pw_uid, file);
  }
}

TEST_CASE("the state directory and the database are private, whatever the umask") {
  // A root shell's umask 022 made 0644 database files before the daemon's first start.
  Setup s;
  const mode_t old = ::umask(022);
  auto r = s.ctl("user add erin --role viewer", kBobPassword + "\n");
  ::umask(old);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  struct stat dir {};
  REQUIRE(::stat((s.dir.path() / "state").c_str(), &dir) == 0);
  CHECK((dir.st_mode & 07777) == 0700);
  int seen = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    struct stat st {};
    const std::string file = s.db.string() + suffix;
    if (::stat(file.c_str(), &st) != 0) continue;
    ++seen;
    CHECK_MESSAGE((st.st_mode & 07777) == 0600, file);
  }
  CHECK(seen >= 1);
}
