// The config's safeguarding alert keys (daemon/config.hpp): [school.safeguarding] e-mail and
// webhook, [alerts] SMTP and digest time, [console] public_url, with a clear problem per bad key.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.hpp"
#include "support/temp_config.hpp"

using hm::config::load;
using hm::test::has_problem;
using hm::test::TempConfig;

TEST_CASE("safeguarding alert keys: [school.safeguarding], [alerts] and [console] public_url") {
  TempConfig t(R"([filters]
dir = "filters"
[console]
public_url = "https://hallmonitor.school.example/"
[alerts]
smtp_server = "smtp.school.example"
smtp_from = "hallmonitor@school.example"
smtp_username = "hallmonitor"
smtp_credential = "smtp-password"
smtp_ca_file = "ca/smtp.pem"
[[school]]
id = "jh"
[school.safeguarding]
email = ["dsl@school.example", "deputy.dsl@school.example"]
webhook_credential = "jh-safeguarding-webhook"
webhook_ca_file = "ca/teams.pem"
)");
  auto r = load(t.file);
  REQUIRE(r.problems.empty());
  REQUIRE(r.config);
  const auto& c = *r.config;
  CHECK(c.console.public_url == "https://hallmonitor.school.example");  // trailing '/' dropped
  REQUIRE(c.smtp);
  CHECK(c.smtp->host == "smtp.school.example");
  CHECK(c.smtp->port == "587");  // submission port by default
  CHECK(c.smtp->from == "hallmonitor@school.example");
  CHECK(c.smtp->username == "hallmonitor");
  CHECK(c.smtp->credential == "smtp-password");
  CHECK(c.smtp->credential_line == 9);
  CHECK(c.smtp->ca_file == t.dir / "ca/smtp.pem");
  const auto& g = c.schools.at(0).safeguarding;
  CHECK(g.emails == std::vector<std::string>{"dsl@school.example", "deputy.dsl@school.example"});
  CHECK(g.webhook_credential == "jh-safeguarding-webhook");
  CHECK(g.webhook_credential_line == 15);
  CHECK(g.webhook_ca_file == t.dir / "ca/teams.pem");
}

TEST_CASE("alert keys: a port, and no [alerts] or safeguarding table at all") {
  TempConfig t(R"([filters]
dir = "filters"
[alerts]
smtp_server = "127.0.0.1:2525"
smtp_from = "hm@school.example"
[[school]]
id = "jh"
)");
  auto r = load(t.file);
  REQUIRE(r.config);
  CHECK(r.config->smtp->host == "127.0.0.1");
  CHECK(r.config->smtp->port == "2525");
  CHECK(r.config->smtp->username.empty());
  CHECK(r.config->schools[0].safeguarding.emails.empty());
  CHECK(r.config->schools[0].safeguarding.webhook_credential.empty());

  TempConfig none("[filters]\ndir = \"f\"\n[[school]]\nid = \"jh\"\n");
  auto r2 = load(none.file);
  REQUIRE(r2.config);
  CHECK_FALSE(r2.config->smtp);
  CHECK(r2.config->console.public_url.empty());
}

TEST_CASE("bad alert keys are problems with their lines") {
  TempConfig t(R"([filters]
dir = "filters"
[console]
public_url = "hallmonitor.school.example"
[alerts]
smtp_server = "smtp.school.example:submission"
smtp_from = "not an address"
smtp_username = "hm"
[[school]]
id = "jh"
[school.safeguarding]
email = ["dsl@school.example\r\nBcc: everyone@example.com", 7]
webhook_credential = "../webhook"
colour = "red"
)");
  auto r = load(t.file);
  CHECK_FALSE(r.config);
  auto has = [&](int line, std::string_view words) { return has_problem(r.problems, line, words); };
  CHECK(has(4, "public_url must start with https:// or http://"));
  CHECK(has(6, "smtp_server must be HOST or HOST:PORT"));
  CHECK(has(7, "smtp_from must be an e-mail address"));
  CHECK(has(5, "needs both smtp_username and smtp_credential"));
  CHECK(has(12, "email entries must be e-mail addresses"));  // a header injection attempt
  CHECK(has(13, "webhook_credential must be a file name"));
  CHECK(has(14, "unknown key 'colour'"));
}

TEST_CASE("[alerts] digest_time: a local time, 07:00 when not given") {
  auto with = [](const std::string& line) {
    TempConfig t(
        "[filters]\ndir = \"f\"\n[alerts]\nsmtp_server = \"127.0.0.1\"\n"
        "smtp_from = \"hm@school.example\"\n" +
        line + "\n[[school]]\nid = \"jh\"\n");
    return load(t.file);
  };
  auto plain = with("");
  REQUIRE(plain.config);
  CHECK(plain.config->smtp->digest_minute == 7 * 60);
  auto set = with("digest_time = \"16:45\"");
  REQUIRE(set.config);
  CHECK(set.config->smtp->digest_minute == 16 * 60 + 45);
  for (const char* bad : {"\"24:00\"", "\"7:30\"", "\"07:60\"", "\":::::\"", "\"noon\""}) {
    auto r = with(std::string("digest_time = ") + bad);
    CHECK_FALSE(r.config);
    REQUIRE(!r.problems.empty());
    CHECK(r.problems[0].line == 6);  // the digest_time line
    CHECK(r.problems[0].message.find("digest_time must be a local time like \"07:30\"") !=
          std::string::npos);
  }
}

TEST_CASE("safeguarding e-mail addresses need an SMTP server to go through") {
  TempConfig t(R"([filters]
dir = "filters"
[[school]]
id = "jh"
[school.safeguarding]
email = ["dsl@school.example"]
)");
  auto r = load(t.file);
  CHECK_FALSE(r.config);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message.find("no smtp_server") != std::string::npos);
}
