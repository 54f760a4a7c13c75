#include "daemon/config.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <unistd.h>
#include <fstream>

namespace fs = std::filesystem;
using hm::config::load;

namespace {
struct TempConfig {
  hm::test::TempDir tmp{"config-test"};
  fs::path dir = tmp.path();
  fs::path file = dir / "hallmonitor.toml";
  explicit TempConfig(const std::string& text) { std::ofstream(file) << text; }
};
}  // namespace

TEST_CASE("a minimal config with filters and one school loads, paths resolved") {
  TempConfig t(R"(
[filters]
dir = "filters"

[[school]]
id = "joseph-hood"
name = "Joseph Hood Primary School"
protected_names = "joseph-hood/pupils.txt"
own_domains = ["josephhood.example.sch.uk"]
)");
  auto r = load(t.file);
  REQUIRE(r.problems.empty());
  REQUIRE(r.config);
  CHECK(r.config->filters_dir == t.dir / "filters");
  REQUIRE(r.config->schools.size() == 1);
  CHECK(r.config->schools[0].protected_names == t.dir / "joseph-hood/pupils.txt");
  CHECK(r.config->schools[0].own_domains == std::vector<std::string>{"josephhood.example.sch.uk"});
  CHECK(r.config->retention.clean_days == 30);
  CHECK(r.config->daemon.poll_interval == std::chrono::seconds(60));
  CHECK(r.config->daemon.rate_limit_wait == std::chrono::minutes(15));
}

TEST_CASE("[daemon] rate_limit_wait sets the wait for refusals that do not say how long") {
  TempConfig t(
      "[filters]\ndir = \"filters\"\n[daemon]\nrate_limit_wait = \"20s\"\n"
      "[[school]]\nid = \"jh\"\n");
  auto r = load(t.file);
  REQUIRE(r.problems.empty());
  CHECK(r.config->daemon.rate_limit_wait == std::chrono::seconds(20));
  TempConfig bad(
      "[filters]\ndir = \"filters\"\n[daemon]\nrate_limit_wait = \"a while\"\n"
      "[[school]]\nid = \"jh\"\n");
  auto b = load(bad.file);
  REQUIRE(b.problems.size() == 1);
  CHECK(b.problems[0].line == 4);
}

TEST_CASE("problems carry file and line, and every problem is reported") {
  TempConfig t(R"([filters]
dir = "filters"
[daemon]
poll_interval = "soon"
colour = "blue"
[[school]]
id = "a b"
[[school.channel]]
id = "c1"
platform = "myspace"
account_id = "1"
credential = "../etc/passwd"
)");
  auto r = load(t.file);
  CHECK_FALSE(r.config);
  REQUIRE(r.problems.size() == 5);
  CHECK(r.problems[0].str() ==
        t.file.string() + ":4: 'poll_interval' must be a duration like \"60s\", \"5m\" or \"1h\"");
  CHECK(r.problems[1].line == 5);
  CHECK(r.problems[1].message.find("unknown key 'colour'") != std::string::npos);
  CHECK(r.problems[2].line == 7);
  CHECK(r.problems[3].line == 10);
  CHECK(r.problems[4].line == 12);
}

TEST_CASE("a TOML syntax error is reported with its line") {
  TempConfig t("[filters]\ndir = \"x\"\n[[school]\n");
  auto r = load(t.file);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].line == 3);
}

TEST_CASE("missing file and missing filters are clear") {
  auto r = load("/nonexistent/hallmonitor.toml");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message == "config file not found");
  TempConfig t("[[school]]\nid = \"s\"\n");
  auto r2 = load(t.file);
  REQUIRE(r2.problems.size() == 1);
  CHECK(r2.problems[0].message.find("[filters]") != std::string::npos);
}

TEST_CASE("durations") {
  using hm::config::parse_duration;
  CHECK(parse_duration("90s") == std::chrono::seconds(90));
  CHECK(parse_duration("5m") == std::chrono::seconds(300));
  CHECK(parse_duration("2d") == std::chrono::seconds(172800));
  CHECK_FALSE(parse_duration("5"));
  CHECK_FALSE(parse_duration("-5s"));
  CHECK_FALSE(parse_duration("5 s"));
}

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
  auto has = [&](int line, const std::string& text) {
    for (const auto& p : r.problems)
      if (p.line == line && p.message.find(text) != std::string::npos) return true;
    return false;
  };
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
