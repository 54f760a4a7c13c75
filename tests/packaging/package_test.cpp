// The .deb a school installs: built with CPack from this build, its contents and control
// fields read back with dpkg-deb, and its maintainer scripts run with systemd's tools stubbed
// so the test sees exactly what they would do to a machine.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/temp_dir.hpp"

namespace fs = std::filesystem;

namespace {
int sh(const std::string& cmd) {
  int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

TEST_CASE("the .deb holds the daemon, tools, unit, config as conffiles, and working scripts") {
  hm::test::TempDir dir;
  const fs::path out = dir.path() / "out";
  REQUIRE(sh("cd '" + std::string(HM_BUILD_DIR) + "' && cpack -G DEB -B '" + out.string() +
             "' > '" + (dir.path() / "cpack.log").string() + "' 2>&1") == 0);
  fs::path deb;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".deb") deb = e.path();
  REQUIRE_MESSAGE(!deb.empty(), dir.read("cpack.log"));

  REQUIRE(sh("dpkg-deb -c '" + deb.string() + "' > '" + (dir.path() / "contents").string() + "'") ==
          0);
  std::string contents = dir.read("contents");
  for (const char* path :
       {"./usr/bin/hallmonitord", "./usr/bin/hallmonitorctl",
        "./usr/lib/hallmonitor/hallmonitor-emulator", "./lib/systemd/system/hallmonitor.service",
        "./usr/lib/sysusers.d/hallmonitor.conf", "./usr/lib/tmpfiles.d/hallmonitor.conf",
        "./etc/hallmonitor/hallmonitor.toml", "./etc/hallmonitor/filters/rules.toml",
        "./etc/hallmonitor/filters/lists/profanity.txt",
        "./usr/share/hallmonitor/demo/samples/comments.txt",
        "./usr/share/doc/hallmonitor/README.md"})
    CHECK_MESSAGE(contents.find(path) != std::string::npos, path);
  CHECK(contents.find("credentials/") == std::string::npos);  // tokens are never shipped

  REQUIRE(sh("dpkg-deb -e '" + deb.string() + "' '" + (dir.path() / "control").string() + "'") ==
          0);
  std::string control = dir.read("control/control");
  CHECK(control.find("Package: hallmonitor") != std::string::npos);
  CHECK(control.find("libre2-9") != std::string::npos);  // shlibdeps found the libraries
  CHECK(control.find("libphonenumber8") != std::string::npos);
  std::string conffiles = dir.read("control/conffiles");
  CHECK(conffiles.find("/etc/hallmonitor/hallmonitor.toml\n") != std::string::npos);
  CHECK(conffiles.find("/etc/hallmonitor/filters/lists/allow.txt\n") != std::string::npos);

  // The scripts parse, and do what they say with systemd's tools stubbed out.
  for (const char* s : {"postinst", "prerm", "postrm"})
    CHECK(sh("sh -n '" + (dir.path() / "control" / s).string() + "'") == 0);
  const fs::path stubs = dir.path() / "stubs";
  fs::create_directories(stubs);
  for (const char* tool : {"systemd-sysusers", "systemd-tmpfiles", "systemctl"}) {
    auto p = stubs / tool;
    std::ofstream(p) << "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '"
                     << (dir.path() / "calls").string() << "'\n";
    fs::permissions(p, fs::perms::owner_all);
  }
  auto run = [&](const std::string& script, const std::string& args) {
    return sh("PATH='" + stubs.string() + "':$PATH sh '" +
              (dir.path() / "control" / script).string() + "' " + args + " > '" +
              (dir.path() / (script + ".out")).string() + "' 2>&1");
  };
  CHECK(run("postinst", "configure") == 0);
  std::string calls = dir.read("calls");
  CHECK(calls.find("systemd-sysusers /usr/lib/sysusers.d/hallmonitor.conf") != std::string::npos);
  CHECK(calls.find("systemd-tmpfiles --create /usr/lib/tmpfiles.d/hallmonitor.conf") !=
        std::string::npos);
  CHECK(calls.find("enable") == std::string::npos);  // never started before it is configured
  CHECK(dir.read("postinst.out").find("hallmonitord --check") != std::string::npos);
  CHECK(run("prerm", "remove") == 0);
  CHECK(run("postrm", "purge") == 0);
  CHECK(run("postrm", "remove") == 0);
}
