// The .deb a school installs: built with CPack from this build, its contents and control
// fields read back with dpkg-deb, its maintainer scripts run with systemd's and
// init-system-helpers' tools stubbed so the test sees exactly what they would do to a machine,
// and lintian's verdict. packaging/nspawn-boot-test.sh boots it under a real systemd.
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
        "./usr/share/doc/hallmonitor/README.md", "./usr/share/doc/hallmonitor/copyright",
        "./usr/share/doc/hallmonitor/changelog.Debian.gz", "./usr/share/man/man8/hallmonitord.8.gz",
        "./usr/share/man/man8/hallmonitorctl.8.gz", "./usr/share/lintian/overrides/hallmonitor"})
    CHECK_MESSAGE(contents.find(path) != std::string::npos, path);
  CHECK(contents.find("credentials/") == std::string::npos);  // tokens are never shipped

  REQUIRE(sh("dpkg-deb -e '" + deb.string() + "' '" + (dir.path() / "control").string() + "'") ==
          0);
  std::string control = dir.read("control/control");
  CHECK(control.find("Package: hallmonitor") != std::string::npos);
  CHECK(control.find("libre2-9") != std::string::npos);  // shlibdeps found the libraries
  CHECK(control.find("libphonenumber8") != std::string::npos);
  // deb-systemd-helper/-invoke in the scripts; /bin/kill for the unit's ExecReload=.
  CHECK(control.find("init-system-helpers (>= 1.54~)") != std::string::npos);
  CHECK(control.find("procps") != std::string::npos);
  std::string conffiles = dir.read("control/conffiles");
  CHECK(conffiles.find("/etc/hallmonitor/hallmonitor.toml\n") != std::string::npos);
  CHECK(conffiles.find("/etc/hallmonitor/filters/lists/allow.txt\n") != std::string::npos);

  // The scripts parse, and never call systemctl but for daemon-reload (lintian's
  // maintainer-script-calls-systemctl: deb-systemd-helper and deb-systemd-invoke instead).
  for (const char* s : {"postinst", "prerm", "postrm"}) {
    const auto script = dir.path() / "control" / s;
    CHECK(sh("sh -n '" + script.string() + "'") == 0);
    // lintian's own pattern: a command line (or one after a ';') starting with systemctl.
    CHECK_MESSAGE(sh("grep -E '^([^#]*;)?[[:space:]]*systemctl( |$)' '" + script.string() +
                     "' | grep -v daemon-reload") != 0,
                  std::string(s));
  }
  // Run with systemd's and init-system-helpers' tools stubbed: each call is logged;
  // deb-systemd-helper's is-enabled, was-enabled and debian-installed answer as $STUB_ENABLED says.
  const fs::path stubs = dir.path() / "stubs";
  fs::create_directories(stubs);
  const auto calls = dir.path() / "calls";
  for (const char* tool : {"systemd-sysusers", "systemd-tmpfiles", "systemctl",
                           "deb-systemd-helper", "deb-systemd-invoke"}) {
    auto p = stubs / tool;
    std::ofstream(p) << "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '" << calls.string()
                     << "'\ncase \"$*\" in *-enabled*|*debian-installed*) "
                        "[ \"$STUB_ENABLED\" = 1 ];; esac\n";
    fs::permissions(p, fs::perms::owner_all);
  }
  const fs::path root = dir.path() / "root";  // $DPKG_ROOT: where postrm looks for /etc, /var
  auto run = [&](const std::string& script, const std::string& args, bool enabled = false) {
    fs::remove(calls);
    return sh("PATH='" + stubs.string() + "':$PATH DPKG_ROOT='" + root.string() +
              "' STUB_ENABLED=" + (enabled ? "1" : "0") + " sh '" +
              (dir.path() / "control" / script).string() + "' " + args + " > '" +
              (dir.path() / (script + ".out")).string() + "' 2>&1");
  };

  // A fresh install: user and folder made, the unit's state recorded, nothing enabled or
  // started, and the admin told what to do.
  CHECK(run("postinst", "configure") == 0);
  std::string made = dir.read("calls");
  CHECK(made.find("systemd-sysusers /usr/lib/sysusers.d/hallmonitor.conf") != std::string::npos);
  CHECK(made.find("systemd-tmpfiles --create /usr/lib/tmpfiles.d/hallmonitor.conf") !=
        std::string::npos);
  CHECK(made.find("deb-systemd-helper update-state hallmonitor.service") != std::string::npos);
  CHECK(made.find("deb-systemd-helper enable") == std::string::npos);
  CHECK(made.find("deb-systemd-invoke") == std::string::npos);
  CHECK(dir.read("postinst.out").find("the service is not enabled") != std::string::npos);
  CHECK(dir.read("postinst.out").find("hallmonitord --check") != std::string::npos);

  // Remove keeps the admin's choice (no disable); reinstalling an enabled unit says so.
  CHECK(run("prerm", "remove") == 0);
  CHECK(dir.read("calls").find("disable") == std::string::npos);
  CHECK(run("postrm", "remove") == 0);
  CHECK(dir.read("calls").find("deb-systemd-helper mask hallmonitor.service") != std::string::npos);
  CHECK(run("postinst", "configure 0.1.0-1", true) == 0);
  CHECK(dir.read("calls").find("deb-systemd-helper --quiet was-enabled hallmonitor.service") !=
        std::string::npos);
  CHECK_MESSAGE(
      dir.read("postinst.out").find("hallmonitor: the service is enabled") != std::string::npos,
      dir.read("postinst.out"));

  // Purge: the admin's token files are kept and said to be; an empty folder goes.
  fs::create_directories(root / "etc/hallmonitor/credentials");
  std::ofstream(root / "etc/hallmonitor/credentials/jh-facebook") << "{}";
  CHECK(run("postrm", "purge") == 0);
  CHECK(dir.read("calls").find("deb-systemd-helper purge hallmonitor.service") !=
        std::string::npos);
  std::string purge = dir.read("postrm.out");
  CHECK(purge.find("token files in " + (root / "etc/hallmonitor/credentials").string() +
                   " were kept") != std::string::npos);
  CHECK(fs::exists(root / "etc/hallmonitor/credentials/jh-facebook"));
  fs::remove(root / "etc/hallmonitor/credentials/jh-facebook");
  CHECK(run("postrm", "purge") == 0);
  CHECK_FALSE(fs::exists(root / "etc/hallmonitor/credentials"));
  CHECK(dir.read("postrm.out").find("token files") == std::string::npos);

  // lintian, when installed: no error or warning (what stays is overridden, with its reason in
  // packaging/debian/lintian-overrides); RELRO and bind-now always, fortified calls in the
  // package build (packaging/build-deb.sh, HM_HARDEN=ON).
  if (sh("command -v lintian > /dev/null") != 0) {
    MESSAGE("lintian is not installed: its checks are skipped");
    return;
  }
  sh("lintian -I --tag-display-limit 0 '" + deb.string() + "' > '" +
     (dir.path() / "lintian").string() + "' 2>&1");
  std::string lint = dir.read("lintian");
  MESSAGE(lint);
  CHECK(lint.find("E: ") == std::string::npos);
  CHECK(lint.find("W: ") == std::string::npos);
  CHECK(lint.find("hardening-no-relro") == std::string::npos);
  CHECK(lint.find("hardening-no-bindnow") == std::string::npos);
  CHECK(lint.find("hardening-no-pie") == std::string::npos);
  if (HM_HARDENED) CHECK(lint.find("hardening-no-fortify-functions") == std::string::npos);
}
