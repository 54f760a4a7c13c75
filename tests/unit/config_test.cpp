#include "daemon/config.hpp"
#include "daemon/config_policy.hpp"
#include "daemon/config_warnings.hpp"
#include "support/temp_config.hpp"

#include <doctest/doctest.h>

using hm::config::load;
using hm::test::has_problem;
using hm::test::TempConfig;

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

TEST_CASE("[console] allowed_hosts and metrics_credential: names, not paths") {
  TempConfig t(
      "[filters]\ndir = \"filters\"\n[console]\nallowed_hosts = [\"hm.internal\", "
      "\"Console.Example:8443\"]\nmetrics_credential = \"metrics-token\"\n"
      "[[school]]\nid = \"jh\"\n");
  auto r = load(t.file);
  REQUIRE(r.problems.empty());
  CHECK(r.config->console.allowed_hosts ==
        std::vector<std::string>{"hm.internal", "Console.Example:8443"});
  CHECK(r.config->console.metrics_credential == "metrics-token");
  TempConfig bad(
      "[filters]\ndir = \"filters\"\n[console]\nallowed_hosts = [\"https://x/\", 3]\n"
      "metrics_credential = \"../metrics\"\n[[school]]\nid = \"jh\"\n");
  CHECK(load(bad.file).problems.size() == 3);
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

TEST_CASE("[console] undo_window: 30 seconds unless set, a duration") {
  TempConfig none("[filters]\ndir = \"f\"\n[[school]]\nid = \"jh\"\n");
  auto r = load(none.file);
  REQUIRE(r.config);
  CHECK(r.config->console.undo_window == std::chrono::seconds(30));
  TempConfig set(
      "[filters]\ndir = \"f\"\n[console]\nundo_window = \"2m\"\n[[school]]\nid = \"jh\"\n");
  auto s = load(set.file);
  REQUIRE(s.config);
  CHECK(s.config->console.undo_window == std::chrono::minutes(2));
  TempConfig bad(
      "[filters]\ndir = \"f\"\n[console]\nundo_window = \"soon\"\n[[school]]\nid = \"jh\"\n");
  CHECK_FALSE(load(bad.file).problems.empty());
}

TEST_CASE("[console] trusted_proxies: IP addresses only, kept canonical; none unless set") {
  TempConfig none("[filters]\ndir = \"f\"\n[[school]]\nid = \"jh\"\n");
  auto r = load(none.file);
  REQUIRE(r.config);
  CHECK(r.config->console.trusted_proxies.empty());
  TempConfig set(
      "[filters]\ndir = \"f\"\n[console]\ntrusted_proxies = [\"127.0.0.1\", "
      "\"::FFFF:10.0.0.2\", \"2001:DB8::1\"]\n[[school]]\nid = \"jh\"\n");
  auto s = load(set.file);
  REQUIRE(s.config);
  CHECK(s.config->console.trusted_proxies ==
        std::vector<std::string>{"127.0.0.1", "10.0.0.2", "2001:db8::1"});
  for (const char* bad : {"[\"localhost\"]", "[\"10.0.0.0/8\"]", "[5]", "\"127.0.0.1\""}) {
    TempConfig t(std::string("[filters]\ndir = \"f\"\n[console]\ntrusted_proxies = ") + bad +
                 "\n[[school]]\nid = \"jh\"\n");
    auto loaded = load(t.file);
    REQUIRE_MESSAGE(!loaded.problems.empty(), bad);
    CHECK(loaded.problems[0].message.find("trusted_proxies") != std::string::npos);
  }
}

TEST_CASE("[school.policy]: per-category hide, delete and strike over the defaults") {
  TempConfig t(R"([filters]
dir = "filters"
[[school]]
id = "jh"
[school.policy]
reply = "Please ring the office."
strike_days = 30
block_after = 0
[school.policy.spam]
delete = "after 7 days"
strike = false
[school.policy.commercial]
hide = false
delete = "propose"
[school.policy.abuse]
delete = "after 1 day"
[school.safeguarding]
signposting = "A child in immediate danger: call 999."
)");
  auto r = load(t.file);
  REQUIRE(r.problems.empty());
  using hm::moderation::Category;
  using W = hm::moderation::DeleteRule::When;
  const auto& p = r.config->schools.at(0).policy;
  CHECK(p.complaints_reply == "Please ring the office.");
  CHECK(p.strikes.window == std::chrono::days(30));
  CHECK(p.strikes.threshold == 0);
  CHECK(p.categories.at(Category::spam).deletion.when == W::after);
  CHECK(p.categories.at(Category::spam).deletion.after == std::chrono::days(7));
  CHECK_FALSE(p.categories.at(Category::spam).strike);
  CHECK(p.categories.at(Category::spam).hide);  // not named: the default stays
  CHECK_FALSE(p.categories.at(Category::commercial).hide);
  CHECK(p.categories.at(Category::commercial).deletion.when == W::propose);
  CHECK(p.categories.at(Category::abuse).deletion.after == std::chrono::days(1));
  // Untouched categories keep the defaults: hidden, a strike, never deleted; escalation stays.
  CHECK(p.categories.at(Category::safeguarding) ==
        hm::moderation::default_policy("").categories.at(Category::safeguarding));
  CHECK(p.categories.at(Category::safeguarding).escalate);
  CHECK(r.config->schools.at(0).safeguarding.signposting ==
        "A child in immediate danger: call 999.");
}

TEST_CASE("no [school.policy]: the defaults, and complaints_reply is still the reply") {
  TempConfig t(
      "[filters]\ndir = \"f\"\n[[school]]\nid = \"jh\"\ncomplaints_reply = \"Ring us.\"\n");
  auto r = load(t.file);
  REQUIRE(r.problems.empty());
  auto expected = hm::moderation::default_policy("Ring us.");
  const auto& p = r.config->schools.at(0).policy;
  CHECK(p.categories == expected.categories);
  CHECK(p.complaints_reply == "Ring us.");
  CHECK(p.strikes.threshold == 3);
  CHECK(p.strikes.window == std::chrono::days(90));
  for (const auto& [category, c] : p.categories)
    CHECK(c.deletion.when == hm::moderation::DeleteRule::When::never);
}

TEST_CASE("[school.policy] problems: unknown keys and categories, bad delete, negative counts") {
  TempConfig t(R"([filters]
dir = "filters"
[[school]]
id = "jh"
complaints_reply = "Ring us."
[school.policy]
reply = "Ring the office."
block_after = -1
strike_days = 0
colour = "red"
[school.policy.abuse]
delete = "after -3 days"
hide = "yes"
stike = true
[school.policy.bullying]
hide = true
[school.policy.spam]
delete = "sometimes"
)");
  auto r = load(t.file);
  CHECK_FALSE(r.config);
  for (const auto& p : r.problems) CHECK(p.file == t.file.string());
  auto has = [&](int line, std::string_view words) { return has_problem(r.problems, line, words); };
  CHECK(has(7, "the reply is set twice"));
  CHECK(has(8, "'block_after' must be a whole number from 0"));
  CHECK(has(9, "'strike_days' must be a whole number from 1"));
  CHECK(has(10, "unknown key 'colour' in [school.policy]"));
  CHECK(has(12, "'delete' must be \"never\", \"propose\" or \"after N days\""));
  CHECK(has(12, "after -3 days"));
  CHECK(has(13, "'hide' must be true or false"));
  CHECK(has(14, "unknown key 'stike' in [school.policy.abuse]"));
  CHECK(has(15, "unknown key 'bullying' in [school.policy]"));
  CHECK(has(18, "not \"sometimes\""));
  CHECK(r.problems.size() == 9);
}

TEST_CASE("delete rules: never, propose, after N days (N from 1 to 3650)") {
  using hm::config::parse_delete_rule;
  using W = hm::moderation::DeleteRule::When;
  CHECK(parse_delete_rule("never")->when == W::never);
  CHECK(parse_delete_rule("propose")->when == W::propose);
  CHECK(parse_delete_rule("after 7 days")->after == std::chrono::days(7));
  CHECK(parse_delete_rule("after 1 day")->after == std::chrono::days(1));
  CHECK(parse_delete_rule("after 1 days")->after == std::chrono::days(1));
  CHECK(parse_delete_rule("after 3650 days"));
  for (const char* bad :
       {"after 0 days", "after -3 days", "after  2 days", "after 2 dayz", "after 3651 days",
        "after seven days", "after 7", "Never", "", "7 days", "after 7 days ", "after 7 weeks"})
    CHECK_MESSAGE(!parse_delete_rule(bad), bad);
}

TEST_CASE("listening beyond loopback without TLS is a warning (the Secure cookie is dropped)") {
  using hm::config::listen_is_loopback;
  CHECK(listen_is_loopback("127.0.0.1:8088"));
  CHECK(listen_is_loopback("127.1.2.3:80"));
  CHECK(listen_is_loopback("[::1]:8088"));
  CHECK_FALSE(listen_is_loopback("0.0.0.0:8088"));
  CHECK_FALSE(listen_is_loopback("[::]:8088"));
  CHECK_FALSE(listen_is_loopback("192.168.1.20:8088"));

  TempConfig open(R"([daemon]
listen = "0.0.0.0:8088"
[filters]
dir = "filters"
[[school]]
id = "jh"
)");
  auto r = load(open.file);
  REQUIRE(r.config);
  auto w = hm::config::warnings(*r.config);
  REQUIRE(w.size() == 1);
  CHECK(w[0].file == open.file.string());
  CHECK(w[0].line == 2);
  CHECK(w[0].message.starts_with("warning: [daemon] listen = \"0.0.0.0:8088\""));
  CHECK(w[0].message.find("tls_cert and tls_key") != std::string::npos);
  CHECK(w[0].message.find("every sign-in will fail") != std::string::npos);

  TempConfig with_tls(R"([daemon]
listen = "0.0.0.0:8088"
[console]
tls_cert = "c.pem"
tls_key = "k.pem"
[filters]
dir = "filters"
[[school]]
id = "jh"
)");
  CHECK(hm::config::warnings(*load(with_tls.file).config).empty());
  TempConfig loopback("[filters]\ndir = \"f\"\n[[school]]\nid = \"jh\"\n");
  CHECK(hm::config::warnings(*load(loopback.file).config).empty());  // the default listen
}

TEST_CASE("instagram login flavours and [daemon] graph_version") {
  const std::string head = "[filters]\ndir = \"filters\"\n[[school]]\nid = \"jh\"\n";
  auto channel = [](const std::string& platform, const std::string& extra) {
    return "[[school.channel]]\nid = \"c-" + platform + "\"\nplatform = \"" + platform +
           "\"\naccount_id = \"1\"\ncredential = \"c\"\n" + extra;
  };
  TempConfig ok(head + channel("instagram", "") +
                "[[school.channel]]\nid = \"ig2\"\nplatform = \"instagram\"\naccount_id = \"2\"\n"
                "credential = \"c2\"\nlogin = \"instagram\"\n" +
                channel("facebook", ""));
  auto r = load(ok.file);
  REQUIRE(r.problems.empty());
  const auto& chans = r.config->schools[0].channels;
  CHECK(chans[0].login == "facebook");  // the default
  CHECK(chans[1].login == "instagram");
  CHECK(chans[2].login.empty());
  CHECK(r.config->daemon.graph_version == "v25.0");

  TempConfig v("[daemon]\ngraph_version = \"v27.0\"\n" + head);
  auto rv = load(v.file);
  REQUIRE(rv.problems.empty());
  CHECK(rv.config->daemon.graph_version == "v27.0");

  // Impossible combinations, each a problem on its own line.
  TempConfig bad("[daemon]\ngraph_version = \"25\"\n" + head +     // 2
                 channel("facebook", "login = \"instagram\"\n") +  // 12
                 channel("instagram", "login = \"threads\"\n") +   // 18
                 "[[school.channel]]\nid = \"ig3\"\nplatform = \"instagram\"\naccount_id = \"3\"\n"
                 "credential = \"c3\"\nlogin = \"instagram\"\n"
                 "api_base = \"https://graph.facebook.com/v25.0\"\n" +  // 25
                 "[[school.channel]]\nid = \"ig4\"\nplatform = \"instagram\"\naccount_id = \"4\"\n"
                 "credential = \"c4\"\napi_base = \"https://graph.instagram.com/v25.0\"\n");  // 31
  auto rb = load(bad.file);
  REQUIRE(rb.problems.size() == 5);
  CHECK(rb.problems[0].line == 2);
  CHECK(rb.problems[0].message.find("graph_version") != std::string::npos);
  CHECK(rb.problems[1].line == 12);
  CHECK(rb.problems[1].message.find("instagram channels only") != std::string::npos);
  CHECK(rb.problems[2].line == 18);
  CHECK(rb.problems[3].line == 25);
  CHECK(rb.problems[3].message.find("graph.instagram.com") != std::string::npos);
  CHECK(rb.problems[4].line == 31);
  CHECK(rb.problems[4].message.find("login = \"instagram\"") != std::string::npos);
}

TEST_CASE("watch and watch_posts: Facebook edges, defaults, and problems with their lines") {
  const std::string head = "[filters]\ndir = \"filters\"\n[[school]]\nid = \"jh\"\n";
  const std::string fb =
      "[[school.channel]]\nid = \"fb\"\nplatform = \"facebook\"\naccount_id = \"1\"\n"
      "credential = \"fb\"\n";
  TempConfig defaults(head + fb);
  auto d = load(defaults.file);
  REQUIRE(d.problems.empty());
  CHECK(d.config->schools[0].channels[0].watch == std::vector<std::string>{"feed"});
  CHECK(d.config->schools[0].channels[0].watch_posts == 25);

  TempConfig both(head + fb + "watch = [\"feed\", \"published_posts\"]\nwatch_posts = 10\n");
  auto b = load(both.file);
  REQUIRE(b.problems.empty());
  CHECK(b.config->schools[0].channels[0].watch ==
        std::vector<std::string>{"feed", "published_posts"});
  CHECK(b.config->schools[0].channels[0].watch_posts == 10);

  TempConfig bad(head + fb + "watch = [\"visitor_posts\"]\nwatch_posts = 500\n");
  auto p = load(bad.file);
  REQUIRE(p.problems.size() == 2);
  CHECK(p.problems[0].line == 10);
  CHECK(p.problems[0].message.find("feed") != std::string::npos);
  CHECK(p.problems[1].line == 11);

  TempConfig ig(head +
                "[[school.channel]]\nid = \"ig\"\nplatform = \"instagram\"\naccount_id = \"1\"\n"
                "credential = \"ig\"\nwatch = [\"feed\"]\n");
  auto i = load(ig.file);
  REQUIRE(i.problems.size() == 1);
  CHECK(i.problems[0].message.find("Facebook channels only") != std::string::npos);
}
