// Runs hallmonitorctl as a user would: a temp folder, stdin from a file, stdout and stderr
// captured, the exit code returned. Cleans up after itself.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/temp_dir.hpp"

namespace hm::test {

struct RunResult {
  int exit_code;
  std::string out, err;
};

inline RunResult run_ctl(const TempDir& dir, const std::string& args,
                         const std::string& input = "") {
  auto in = dir.write("stdin.txt", input);
  std::string cmd = "'" + std::string(HM_CTL_PATH) + "' " + args + " < '" + in.string() + "' > '" +
                    (dir.path() / "stdout.txt").string() + "' 2> '" +
                    (dir.path() / "stderr.txt").string() + "'";
  int status = std::system(cmd.c_str());
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code, dir.read("stdout.txt"), dir.read("stderr.txt")};
}

}  // namespace hm::test
