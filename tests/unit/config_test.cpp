#include "daemon/config.hpp"

#include <doctest/doctest.h>
#include <unistd.h>
#include <fstream>

namespace fs = std::filesystem;
using hm::config::load;

namespace {
struct TempConfig {
  fs::path dir;
  fs::path file;
  explicit TempConfig(const std::string& text) {
    dir = fs::temp_directory_path() /
          ("hm-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(dir);
    file = dir / "hallmonitor.toml";
    std::ofstream(file) << text;
  }
  ~TempConfig() { fs::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
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
