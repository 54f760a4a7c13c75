// hallmonitord --demo, as the README's first command runs it (bounded with --demo-duration).
#include <doctest/doctest.h>

#include <cstdlib>

#include "support/temp_dir.hpp"

TEST_CASE("the demo starts the emulator, moderates the sample stream and stops cleanly") {
  hm::test::TempDir dir;
  std::string cmd = std::string("'") + HM_DAEMON_PATH + "' --demo --demo-duration 15s > '" +
                    (dir.path() / "out").string() + "' 2> '" + (dir.path() / "err").string() + "'";
  int status = std::system(cmd.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::string out = dir.read("out"), err = dir.read("err");
  CHECK(out.find("hallmonitor demo: one school, three channels") != std::string::npos);
  CHECK(out.find("demo: posted to jh-x") != std::string::npos);
  CHECK(err.find("hallmonitord ready: 3 channel(s)") != std::string::npos);
  CHECK(err.find(": hide comment ") != std::string::npos);  // a harmful sample was hidden
  CHECK(err.find(": done") != std::string::npos);
  CHECK(err.find("delete comment") == std::string::npos);  // deletion waits for a moderator
  // The console's address and a demo account to sign in with.
  CHECK(out.find("  console:   http://127.0.0.1:") != std::string::npos);
  CHECK(out.find("(user demo, password ") != std::string::npos);
  // Remove the demo's temporary folder (named in its last line).
  auto at = out.find("its files stay in ");
  if (at != std::string::npos) {
    std::string folder = out.substr(at + 18);
    folder = folder.substr(0, folder.find('\n'));
    if (folder.starts_with("/tmp/hallmonitor-demo-")) std::filesystem::remove_all(folder);
  }
}
