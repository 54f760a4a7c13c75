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
