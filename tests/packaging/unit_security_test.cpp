// The systemd unit's hardening (issue 5: `systemd-analyze security --offline=yes` ≤ 1.5).
#include <doctest/doctest.h>

#include <cstdio>
#include <regex>
#include <string>

TEST_CASE("systemd rates the unit's exposure at most 1.5") {
  std::string cmd = std::string("systemd-analyze security --offline=yes '") + HM_SOURCE_DIR +
                    "/systemd/hallmonitor.service' 2>&1";
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
