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

TEST_CASE(
    "under systemd, the unit's directory load names each file hallmonitor-credentials_<file>") {
  // What systemd 252 makes of LoadCredential=hallmonitor-credentials:/etc/hallmonitor/credentials.
  hm::test::TempDir dir;
  auto cfg = config_with(dir, "jh-facebook");
  dir.write("run/hallmonitor-credentials_jh-facebook", "{\"access_token\":\"EAAB\"}\n");
  ::setenv("CREDENTIALS_DIRECTORY", (dir.path() / "run").c_str(), 1);
  auto found = find_credential(cfg, cfg.schools[0].channels[0]);
  REQUIRE_MESSAGE(found.file, found.problem->str());
  CHECK(found.file->filename() == "hallmonitor-credentials_jh-facebook");

  // A credential a drop-in loads on its own (LoadCredential=jh-other:/path) keeps its name.
  auto other = config_with(dir, "jh-other");
  dir.write("run/jh-other", "x");
  auto plain = find_credential(other, other.schools[0].channels[0]);
  REQUIRE(plain.file);
  CHECK(plain.file->filename() == "jh-other");

  // Missing: the message names the directory and the name systemd would have given it.
  auto absent = config_with(dir, "jh-instagram");
  auto missing = find_credential(absent, absent.schools[0].channels[0]);
  REQUIRE(missing.problem);
  CHECK(missing.problem->message.find("'jh-instagram' not found in " +
                                      (dir.path() / "run").string()) != std::string::npos);
  CHECK(missing.problem->message.find("as hallmonitor-credentials_jh-instagram") !=
        std::string::npos);
  ::unsetenv("CREDENTIALS_DIRECTORY");
}

TEST_CASE("outside systemd, what the unit's directory load would skip is a problem") {
  // `sudo hallmonitord --check` reads credentials_dir itself: it must not pass on a file the
  // service would never be given.
  hm::test::TempDir dir;
  ::unsetenv("CREDENTIALS_DIRECTORY");
  dir.write("elsewhere/token", "{\"access_token\":\"EAAB\"}\n");
  std::filesystem::create_directories(dir.path() / "creds");
  std::filesystem::create_symlink(dir.path() / "elsewhere/token", dir.path() / "creds/linked");
  auto linked = config_with(dir, "linked");
  auto link = find_credential(linked, linked.schools[0].channels[0]);
  REQUIRE(link.problem);
  CHECK(link.problem->message.find("symbolic link") != std::string::npos);

  auto hidden = config_with(dir, ".hidden");
  dir.write("creds/.hidden", "x");
  auto dot = find_credential(hidden, hidden.schools[0].channels[0]);
  REQUIRE(dot.problem);
  CHECK(dot.problem->message.find("hidden") != std::string::npos);

  // The config refuses a path as a credential name; the lookup refuses it too.
  dir.write("creds/sub/token", "x");
  CHECK_FALSE(credential_file({dir.path() / "creds", false}, "sub/token").file);
  CHECK_FALSE(credential_file({dir.path() / "creds", true}, "..").file);

  auto big = config_with(dir, "big");
  dir.write("creds/big", std::string(kSystemdCredentialMax + 1, 'x'));
  auto large = find_credential(big, big.schools[0].channels[0]);
  REQUIRE(large.problem);
  CHECK(large.problem->message.find("1 MiB") != std::string::npos);
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
