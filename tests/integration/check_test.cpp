// hallmonitord --check as an admin runs it: the TLS warning, and [school.policy] problems as
// file:line errors.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "support/temp_dir.hpp"

namespace {

struct Checked {
  int exit_code;
  std::string out, err;
};

Checked check(const hm::test::TempDir& dir, const std::string& config_text) {
  const auto config = dir.write("hallmonitor.toml", config_text);
  const std::string cmd = "'" + std::string(HM_DAEMON_PATH) + "' --config '" + config.string() +
                          "' --check > '" + (dir.path() / "out").string() + "' 2> '" +
                          (dir.path() / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, dir.read("out"), dir.read("err")};
}

std::string config_listening_on(const std::string& listen, const std::string& extra = "") {
  return "[daemon]\nlisten = \"" + listen + "\"\n" + extra + "[filters]\ndir = \"" +
         std::string(HM_SOURCE_DIR) + "/config/filters\"\n[[school]]\nid = \"jh\"\n";
}

}  // namespace

TEST_CASE("--check warns when the console listens beyond loopback without TLS, and still passes") {
  hm::test::TempDir dir;
  auto open = check(dir, config_listening_on("0.0.0.0:8088"));
  CHECK(open.exit_code == 0);
  CHECK(open.out.find("ok: ") != std::string::npos);
  const std::string where = (dir.path() / "hallmonitor.toml").string() + ":2: warning: ";
  CHECK(open.err.find(where) != std::string::npos);
  CHECK(open.err.find("every sign-in will fail") != std::string::npos);

  auto loopback = check(dir, config_listening_on("127.0.0.1:8088"));
  CHECK(loopback.exit_code == 0);
  CHECK(loopback.err.find("warning") == std::string::npos);

  dir.write("c.pem", "");
  dir.write("k.pem", "");
  auto tls =
      check(dir, config_listening_on("0.0.0.0:8088",
                                     "[console]\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n"));
  CHECK(tls.exit_code == 0);
  CHECK(tls.err.find("warning") == std::string::npos);
}

TEST_CASE("--check refuses a bad [school.policy] with file:line errors") {
  hm::test::TempDir dir;
  auto bad = check(dir, config_listening_on("127.0.0.1:8088") +
                            "[school.policy]\nblock_after = -1\n[school.policy.abuse]\n"
                            "delete = \"after -3 days\"\n[school.policy.bullying]\nhide = true\n");
  CHECK(bad.exit_code == 2);
  const std::string file = (dir.path() / "hallmonitor.toml").string();
  CHECK(bad.err.find(file + ":8: 'block_after' must be a whole number from 0") !=
        std::string::npos);
  CHECK(bad.err.find(file + ":10: 'delete' must be") != std::string::npos);
  CHECK(bad.err.find(file + ":11: unknown key 'bullying' in [school.policy]") != std::string::npos);
}

namespace {
// hallmonitord --check as systemd runs it for ExecStartPre=: its stderr is the journal stream
// (JOURNAL_STREAM names its device:inode) and its credentials are in $CREDENTIALS_DIRECTORY.
Checked check_under_systemd(const hm::test::TempDir& dir, const std::string& config_text,
                            const std::filesystem::path& credentials) {
  const auto config = dir.write("hallmonitor.toml", config_text);
  const auto err = dir.write("err", "");
  const std::string cmd = "cd '" + dir.path().string() + "' && exec 2>>'" + err.string() +
                          "' && JOURNAL_STREAM=$(stat -c %d:%i err) CREDENTIALS_DIRECTORY='" +
                          credentials.string() + "' '" + std::string(HM_DAEMON_PATH) +
                          "' --config '" + config.string() + "' --check > out";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, dir.read("out"), dir.read("err")};
}

std::string config_with_channel(const std::string& extra = "") {
  return config_listening_on("127.0.0.1:8088", extra) +
         "[[school.channel]]\nid = \"jh-fb\"\nplatform = \"facebook\"\naccount_id = \"1\"\n"
         "credential = \"jh-facebook\"\n";
}
}  // namespace

TEST_CASE("under systemd, --check finds the unit's hallmonitor-credentials_<file> credentials") {
  // LoadCredential=hallmonitor-credentials:/etc/hallmonitor/credentials names the file
  // jh-facebook "hallmonitor-credentials_jh-facebook"; --check as ExecStartPre= must find it
  // exactly as the daemon does, and fail (exit 2, at error priority) when it is not there.
  hm::test::TempDir dir;
  const auto run = dir.path() / "run";
  std::filesystem::create_directories(run);
  auto missing = check_under_systemd(dir, config_with_channel(), run);
  CHECK(missing.exit_code == 2);
  CHECK_MESSAGE(missing.err.find("<3>") == 0, missing.err);
  CHECK(missing.err.find("credential 'jh-facebook' not found in " + run.string()) !=
        std::string::npos);

  dir.write("run/hallmonitor-credentials_jh-facebook", "{\"access_token\":\"EAAB\"}\n");
  auto found = check_under_systemd(dir, config_with_channel(), run);
  CHECK_MESSAGE(found.exit_code == 0, found.err);
  CHECK(found.out.find("ok: ") != std::string::npos);
  CHECK(found.out.find("(in " + run.string() + ")") != std::string::npos);
}

TEST_CASE("--check logs warnings at warning priority in the journal, plain in a terminal") {
  hm::test::TempDir dir;
  const auto run = dir.path() / "run";
  dir.write("run/hallmonitor-credentials_jh-facebook", "{\"access_token\":\"EAAB\"}\n");
  auto open =
      check_under_systemd(dir,
                          "[daemon]\nlisten = \"0.0.0.0:8088\"\n" +
                              config_with_channel().substr(config_with_channel().find("[filters]")),
                          run);
  CHECK(open.exit_code == 0);
  CHECK_MESSAGE(open.err.find("<4>") == 0, open.err);
  auto plain = check(dir, config_listening_on("0.0.0.0:8088"));
  CHECK(plain.err.find('<') == std::string::npos);
}

TEST_CASE("--check-first (the unit's ExecStart) exits 2 before starting when --check fails") {
  // In the main process, so systemd's RestartPreventExitStatus=2 sees it.
  hm::test::TempDir dir;
  const auto run = dir.path() / "run";
  std::filesystem::create_directories(run);
  const auto config = dir.write("hallmonitor.toml", config_with_channel());
  const std::string cmd = "cd '" + dir.path().string() + "' && CREDENTIALS_DIRECTORY='" +
                          run.string() + "' timeout 20 '" + std::string(HM_DAEMON_PATH) +
                          "' --config '" + config.string() + "' --check-first > out 2> err";
  const int status = std::system(cmd.c_str());
  CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 2);
  CHECK(dir.read("err").find("credential 'jh-facebook' not found") != std::string::npos);
  CHECK(dir.read("err").find("ready") == std::string::npos);
}

TEST_CASE("--check warns about a credential file or database others can read, and still passes") {
  hm::test::TempDir dir;
  const auto credential = dir.write("credentials/metrics-token", "metrics-token-0123456789abcdef");
  const auto db = dir.write("state/hallmonitor.db", "");
  std::filesystem::permissions(credential, std::filesystem::perms(0644));
  std::filesystem::permissions(db, std::filesystem::perms(0640));
  const std::string config =
      config_listening_on("127.0.0.1:8088",
                          "state_dir = \"state\"\ncredentials_dir = \"credentials\"\n[console]\n"
                          "metrics_credential = \"metrics-token\"\n");
  auto open = check(dir, config);
  CHECK(open.exit_code == 0);
  CHECK(open.err.find("the metrics token " + credential.string() +
                      " is readable by every user (mode 0644); make it private: chmod 600") !=
        std::string::npos);
  CHECK(open.err.find("the database " + db.string() + " is readable by its group (mode 0640)") !=
        std::string::npos);

  std::filesystem::permissions(credential, std::filesystem::perms(0600));
  std::filesystem::permissions(db, std::filesystem::perms(0600));
  auto closed = check(dir, config);
  CHECK(closed.exit_code == 0);
  CHECK(closed.err.find("readable") == std::string::npos);
}
