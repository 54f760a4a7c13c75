// The systemd unit: its hardening (issue 5: `systemd-analyze security --offline=yes` ≤ 1.5), and
// what it must say for the package to start as the README says (issue 13, item 3).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "daemon/credentials.hpp"

namespace {
std::string unit_text() {
  std::ifstream in(HM_SOURCE_DIR "/systemd/hallmonitor.service");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
// Whether `line` is one whole line of `text` (appended piecewise: GCC 12's -Warray-bounds
// misfires on operator+ chains here).
bool has_line(const std::string& text, std::string_view line) {
  std::string whole("\n");
  whole.append(text).append("\n");
  std::string wanted("\n");
  wanted.append(line).append("\n");
  return whole.find(wanted) != std::string::npos;
}
}  // namespace

TEST_CASE("systemd rates the unit's exposure at most 1.5") {
  const std::string cmd =
      "systemd-analyze security --offline=yes '" HM_SOURCE_DIR "/systemd/hallmonitor.service' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  std::smatch m;
  REQUIRE_MESSAGE(
      std::regex_search(out, m, std::regex(R"(Overall exposure level for \S+: ([0-9.]+))")), out);
  double exposure = std::stod(m[1].str());
  MESSAGE("exposure " << exposure);
  CHECK(exposure <= 1.5);
}

TEST_CASE("the unit loads the credentials directory under the ID the daemon looks for") {
  // systemd names each file <ID>_<file>; daemon/credentials.cpp looks for kUnitCredentialId.
  const std::string unit = unit_text();
  std::string line("LoadCredential=");
  line.append(hm::daemon::kUnitCredentialId).append(":").append(hm::daemon::kUnitCredentialDir);
  CHECK(has_line(unit, line));
}

TEST_CASE("a configuration problem fails the start once, without a restart loop") {
  // systemd applies RestartPreventExitStatus= to the main process only: a failing
  // ExecStartPre=--check was restarted every 5 s forever (seen booted in systemd-nspawn).
  const std::string unit = unit_text();
  CHECK(has_line(unit, "RestartPreventExitStatus=2"));
  CHECK(unit.find("\nExecStartPre=") == std::string::npos);
  CHECK(has_line(unit,
                 "ExecStart=/usr/bin/hallmonitord --config "
                 "/etc/hallmonitor/hallmonitor.toml --check-first"));
  // And a crash loop ends too: the default start limit (5 in 10 s) never trips with 5 s waits.
  CHECK(has_line(unit, "StartLimitIntervalSec=10min"));
  CHECK(has_line(unit, "StartLimitBurst=5"));
  CHECK(has_line(unit, "RestartSec=5s"));
}
