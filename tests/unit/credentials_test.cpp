#include "daemon/credentials.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "support/temp_dir.hpp"

using namespace hm::daemon;

namespace {
hm::config::Config config_with(const hm::test::TempDir& dir, const std::string& credential) {
  auto file = dir.write("hallmonitor.toml",
                        "[daemon]\ncredentials_dir = \"creds\"\n[filters]\ndir = \"f\"\n"
                        "[[school]]\nid = \"s\"\n[[school.channel]]\nid = \"c1\"\n"
                        "platform = \"facebook\"\naccount_id = \"1\"\ncredential = \"" +
                            credential + "\"\n");
  auto loaded = hm::config::load(file);
  REQUIRE(loaded.config);
  return *loaded.config;
}
}  // namespace

TEST_CASE("credentials come from credentials_dir, or $CREDENTIALS_DIRECTORY when set") {
  hm::test::TempDir dir;
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto cfg = config_with(dir, "jh-facebook");
  dir.write("creds/jh-facebook", "{\"access_token\":\"EAAB\"}\n");
  auto found = find_credential(cfg, cfg.schools[0].channels[0]);
  REQUIRE(found.file);
  CHECK(found.file->filename() == "jh-facebook");

  dir.write("systemd/jh-facebook", "from systemd");
  ::setenv("CREDENTIALS_DIRECTORY", (dir.path() / "systemd").c_str(), 1);
  auto from_systemd = find_credential(cfg, cfg.schools[0].channels[0]);
  REQUIRE(from_systemd.file);
  CHECK(from_systemd.file->parent_path().filename() == "systemd");
  ::unsetenv("CREDENTIALS_DIRECTORY");
}

TEST_CASE("a missing, empty or unreadable credential is a problem naming the config line") {
  hm::test::TempDir dir;
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto cfg = config_with(dir, "nope");
  auto missing = find_credential(cfg, cfg.schools[0].channels[0]);
  CHECK_FALSE(missing.file);
  REQUIRE(missing.problem);
  CHECK(missing.problem->line == 11);
  CHECK(missing.problem->str().find("channel 'c1': credential 'nope' not found") !=
        std::string::npos);

  auto cfg2 = config_with(dir, "empty");
  dir.write("creds/empty", "");
  CHECK(find_credential(cfg2, cfg2.schools[0].channels[0]).problem->message.find("is empty") !=
        std::string::npos);

  if (::geteuid() !=
      0) {  // root reads anything; the permission case only means something otherwise
    auto cfg3 = config_with(dir, "locked");
    auto locked = dir.write("creds/locked", "x");
    ::chmod(locked.c_str(), 0);
    CHECK(find_credential(cfg3, cfg3.schools[0].channels[0]).problem);
  }
}

TEST_CASE("alert credentials: a school's webhook and the SMTP password, missing ones reported") {
  hm::test::TempDir dir;
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto file = dir.write("hallmonitor.toml", R"([daemon]
credentials_dir = "creds"
[filters]
dir = "f"
[alerts]
smtp_server = "smtp.school.example"
smtp_from = "hm@school.example"
smtp_username = "hm"
smtp_credential = "smtp-password"
[[school]]
id = "jh"
[school.safeguarding]
email = ["dsl@school.example"]
webhook_credential = "jh-webhook"
)");
  auto loaded = hm::config::load(file);
  REQUIRE(loaded.config);
  const auto& cfg = *loaded.config;
  auto problems = missing_alert_credentials(cfg);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line == 14);
  CHECK(problems[0].str().find("school 'jh': safeguarding webhook: credential 'jh-webhook' "
                               "not found") != std::string::npos);
  CHECK(problems[1].line == 9);
  CHECK(problems[1].str().find("smtp password: credential 'smtp-password' not found") !=
        std::string::npos);

  dir.write("creds/jh-webhook", "https://hooks.example/services/T0/B0/secret\n");
  dir.write("creds/smtp-password", "correct horse\n");
  CHECK(missing_alert_credentials(cfg).empty());
  auto found = find_named_credential(cfg, "jh-webhook", 14, "school 'jh'");
  REQUIRE(found.file);
  CHECK(found.file->filename() == "jh-webhook");
}
