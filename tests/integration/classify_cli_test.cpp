// hallmonitorctl classify and filters check, through the real binary (DESIGN.md §9 contract).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "support/cli_runner.hpp"

using hm::test::run_ctl;
using hm::test::TempDir;
using nlohmann::json;

namespace {

std::string minimal_config(const TempDir& dir) {
  dir.write("pupils.txt", "# pupils without consent\nOliver Whitmore\nLiam O'Sullivan\n");
  return dir
      .write("hallmonitor.toml",
             "[filters]\ndir = \"" + std::string(HM_SOURCE_DIR) +
                 "/config/filters\"\n\n"
                 "[[school]]\nid = \"joseph-hood\"\nprotected_names = \"pupils.txt\"\n"
                 "own_domains = [\"josephhood.example.sch.uk\"]\n"
                 // The school's own policy is what `actions` shows: abuse deletions proposed.
                 "[school.policy.abuse]\ndelete = \"propose\"\n")
      .string();
}

std::vector<json> lines_of(const std::string& out) {
  std::vector<json> v;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) v.push_back(json::parse(l));
  return v;
}

// `hallmonitorctl classify` on a minimal config, as a user runs it: one JSON value per line.
std::vector<json> classify(const std::string& input) {
  TempDir dir;
  auto cfg = minimal_config(dir);
  auto r = run_ctl(dir, "classify --config '" + cfg + "'", input);
  REQUIRE(r.exit_code == 0);
  return lines_of(r.out);
}

}  // namespace

TEST_CASE("classify: one JSON object per input line, in order, plain or JSON input") {
  std::string input =
      "Well done Year 6, lovely assembly!\n"
      "{\"text\": \"f*ck this school\", \"id\": 7}\n"
      "Text me on 07700 900123\n"
      "so proud of liam o\xe2\x80\x99sullivan\n";
  auto out = classify(input);
  REQUIRE(out.size() == 4);
  CHECK(out[0] == json::parse(R"({"categories":[],"actions":[],"matches":[]})"));
  CHECK(out[1]["categories"] == json::array({"abuse"}));
  CHECK(out[1]["actions"] == json::array({"hide", "delete"}));
  CHECK(out[1]["matches"][0]["rule"] == "abuse.profanity");
  CHECK(out[1]["matches"][0]["start"] == 0);
  CHECK(out[1]["matches"][0]["end"] == 4);
  CHECK(out[2]["categories"] == json::array({"personal_data"}));
  CHECK(out[2]["actions"] == json::array({"hide"}));  // the default: hidden is handled
  CHECK(out[2]["matches"][0]["rule"] == "detector.phone");
  CHECK(out[2]["matches"][0]["start"] == 11);
  CHECK(out[2]["matches"][0]["end"] == 23);
  // Byte offsets into the original text, curly apostrophe and all.
  CHECK(out[3]["matches"][0]["rule"] == "detector.protected_name");
  CHECK(out[3]["matches"][0]["start"] == 12);
  CHECK(out[3]["matches"][0]["end"] == 12 + std::string("liam o\xe2\x80\x99sullivan").size());
}

TEST_CASE("classify: urgency and a scoring rule's reasons are extra keys, only when set") {
  std::string input =
      "i want to kill myself\n"
      "how old are you? our little secret x\n"
      "f*ck this school\n";
  auto out = classify(input);
  REQUIRE(out.size() == 3);
  CHECK(out[0]["urgency"] == "risk_to_life");
  CHECK(out[0]["categories"] == json::array({"safeguarding"}));
  CHECK_FALSE(out[1].contains("urgency"));
  CHECK(out[1]["matches"][0]["rule"] == "detector.safeguarding.grooming");
  CHECK(out[1]["matches"][0]["why"] == "sg_asks_age 2 + sg_secrecy 3 = 5 (threshold 4)");
  CHECK_FALSE(out[2].contains("urgency"));
  CHECK_FALSE(out[2]["matches"][0].contains("why"));
}

TEST_CASE("classify: bad lines get an error object and the run goes on") {
  std::string big(100 * 1024, 'a');
  big += " fuck";
  std::string input;
  input += "{\"text\": 42}\n";              // no string text
  input += "{\"text\": \"unterminated}\n";  // looks like JSON, is not
  input += "\n";                            // empty line
  input += std::string("nul\0byte fuck", 13) + "\n";
  input += "bad utf8 \xff\xfe fuck\n";
  input += big + "\n";
  input += "{\"text\": \"\xff\"}\n";  // JSON with invalid UTF-8
  input += "last line without newline, twat";
  auto out = classify(input);
  REQUIRE(out.size() == 8);
  CHECK(out[0].contains("error"));
  CHECK(out[1].contains("error"));
  CHECK(out[2]["categories"].empty());
  CHECK(out[3]["categories"] == json::array({"abuse"}));
  CHECK(out[4]["categories"] == json::array({"abuse"}));
  CHECK(out[5]["categories"] == json::array({"abuse"}));
  CHECK(out[5]["matches"][0]["start"] == 100 * 1024 + 1);
  CHECK(out[6].contains("error"));
  CHECK(out[7]["categories"] == json::array({"abuse"}));
}

TEST_CASE("classify --jobs: the same lines in the same order whatever the number of jobs") {
  // Every tests/data corpus as JSON lines (about 800 KB: many reads of 64 KiB, lines split
  // between reads), with a line that is no JSON object and one without a newline at the end.
  std::string input;
  for (const auto& entry : std::filesystem::directory_iterator(HM_SOURCE_DIR "/tests/data"))
    if (entry.path().extension() == ".jsonl") {
      std::ifstream file(entry.path(), std::ios::binary);
      input.append(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
  input += "{\"text\": 42}\nlast line, no newline: f*ck";
  const auto lines = std::count(input.begin(), input.end(), '\n') + 1;
  REQUIRE(lines > 3000);
  TempDir dir;
  auto cfg = minimal_config(dir);
  auto one = run_ctl(dir, "classify --jobs 1 --config '" + cfg + "'", input);
  auto three = run_ctl(dir, "classify --jobs 3 --config '" + cfg + "'", input);
  auto cores = run_ctl(dir, "classify --config '" + cfg + "'", input);  // --jobs 0: per core
  REQUIRE(one.exit_code == 0);
  REQUIRE(three.exit_code == 0);
  REQUIRE(cores.exit_code == 0);
  CHECK(std::count(one.out.begin(), one.out.end(), '\n') == lines);
  CHECK(three.out == one.out);
  CHECK(cores.out == one.out);
  auto out = lines_of(three.out);
  CHECK(out[out.size() - 2].contains("error"));
  CHECK(out.back()["categories"] == json::array({"abuse"}));
  // Not a number of jobs: refused before anything is read.
  auto bad = run_ctl(dir, "classify --jobs lots --config '" + cfg + "'", "hello\n");
  CHECK(bad.exit_code != 0);
  CHECK(bad.out.empty());
}

TEST_CASE("classify: bad config exits 2 with file:line") {
  TempDir dir;
  auto cfg = dir.write("hallmonitor.toml", "[filters]\ndir = \"nowhere\"\n[[school]]\nid = 5\n");
  auto r = run_ctl(dir, "classify --config '" + cfg.string() + "'", "hello\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(cfg.string() + ":4: 'id' must be a string") != std::string::npos);
  CHECK(r.out.empty());

  auto missing = run_ctl(dir, "classify --config '" + (dir.path() / "nope.toml").string() + "'");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("config file not found") != std::string::npos);

  auto unknown = run_ctl(dir, "classify --config '" + minimal_config(dir) + "' --school nobody");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no [[school]] with id 'nobody'") != std::string::npos);
}

TEST_CASE("filters check: every problem reported as file:line, exit 2; ok exits 0") {
  TempDir dir;
  dir.write("filters/rules.toml",
            "[cues]\nx = \"lists/x.txt\"\n\n"
            "[[rule]]\nid = \"abuse.words\"\ncategory = \"abuse\"\nlist = \"lists/words.txt\"\n"
            "description = \"Rude\"\n\n"
            "[[rule]]\nid = \"abuse.near\"\ncategory = \"rude\"\nnear = [\"x\", \"y\"]\n"
            "description = \"Rude\"\n\n"
            "[[rule]]\nid = \"spam.missing\"\ncategory = \"spam\"\nlist = \"lists/missing.txt\"\n"
            "description = \"Spam\"\n");
  dir.write("filters/lists/words.txt", "# words\nfine\nre:(unclosed\nre:Upper\n");
  dir.write("filters/lists/x.txt", "hello\n");
  dir.write("pupils.txt", "Oliver\n");
  auto cfg = dir.write(
      "hallmonitor.toml",
      "[filters]\ndir = \"filters\"\n[[school]]\nid = \"s\"\nprotected_names = \"pupils.txt\"\n");
  auto r = run_ctl(dir, "filters check --config '" + cfg.string() + "'");
  CHECK(r.exit_code == 2);
  auto words = (dir.path() / "filters/lists/words.txt").string();
  auto rules = (dir.path() / "filters/rules.toml").string();
  CHECK(r.err.find(words + ":3: bad pattern: missing ): (unclosed") != std::string::npos);
  CHECK(r.err.find(words + ":4: patterns see lower-case text") != std::string::npos);
  CHECK(r.err.find(rules + ":12: category must be one of") != std::string::npos);
  CHECK(r.err.find(rules + ":13: unknown cue 'y'") != std::string::npos);
  CHECK(r.err.find(rules + ":19: cannot read list file 'lists/missing.txt'") != std::string::npos);
  CHECK(r.err.find("pupils.txt:1: 'Oliver': give the full name") != std::string::npos);

  TempDir ok;
  auto good = run_ctl(ok, "filters check --config '" + minimal_config(ok) + "'");
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("ok: ") == 0);
}

namespace {

// Labelled rows in ../shared/realdata's shape, about a spam wave no rule knows ("zorblax").
std::string wave_examples() {
  std::string rows;
  const char* spam[] = {"join my zorblax clan today", "zorblax clan recruiting, join us",
                        "the zorblax clan wants you, join", "join the zorblax clan today"};
  const char* other[] = {"what time is the concert", "lovely photos of sports day",
                         "is the trip still on", "well done to the choir"};
  for (int i = 0; i < 10; ++i) {
    for (auto* t : spam)
      rows += json{{"id", std::to_string(rows.size())}, {"text", t}, {"labels", {"spam"}}}.dump() +
              "\n";
    for (auto* t : other)
      rows +=
          json{{"id", std::to_string(rows.size())}, {"text", t}, {"labels", json::array()}}.dump() +
          "\n";
  }
  return rows;
}

}  // namespace

TEST_CASE("learn, then classify --model: the model flags a wave the rules miss, as the model's") {
  TempDir dir;
  const auto cfg = minimal_config(dir);
  const auto examples = dir.write("wave.jsonl", wave_examples());
  const auto model = (dir.path() / "spam.model").string();
  auto learned = run_ctl(dir, "learn --config '" + cfg + "' --examples '" + examples.string() +
                                  "' --out '" + model + "'");
  INFO(learned.err);
  REQUIRE(learned.exit_code == 0);
  CHECK(learned.err.find("read 80 examples") != std::string::npos);
  CHECK(learned.err.find("everyday school-page comments") != std::string::npos);

  // An existing model is never replaced without --force.
  auto again = run_ctl(dir, "learn --config '" + cfg + "' --examples '" + examples.string() +
                                "' --out '" + model + "'");
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already exists") != std::string::npos);

  const std::string input = "Join my zorblax clan today!\nWell done Year 6, lovely assembly!\n";
  auto plain = run_ctl(dir, "classify --config '" + cfg + "'", input);
  REQUIRE(plain.exit_code == 0);
  auto without = lines_of(plain.out);
  CHECK(without[0]["categories"] == json::array());  // no rule knows the wave
  CHECK_FALSE(without[0].contains("model"));

  auto r = run_ctl(dir, "classify --config '" + cfg + "' --model '" + model + "'", input);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto out = lines_of(r.out);
  REQUIRE(out.size() == 2);
  CHECK(out[0]["categories"] == json::array({"spam"}));
  CHECK(out[0]["actions"] == json::array({"hide"}));
  CHECK(out[0]["matches"][0]["rule"] == "model.spam");
  CHECK(out[0]["matches"][0]["why"].get<std::string>().find("zorblax") != std::string::npos);
  CHECK(out[0]["model"]["band"] == "flag");
  CHECK(out[1]["categories"] == json::array());
  CHECK(out[1]["model"]["band"] == "none");
  CHECK(out[1]["model"]["probability"].get<double>() < 0.4);
}

TEST_CASE("learn and classify --model refuse bad input with a reason") {
  TempDir dir;
  const auto cfg = minimal_config(dir);
  const auto broken = dir.write("broken.jsonl", "{\"text\":\"a\",\"labels\":[]}\n\nnot json\n");
  auto r = run_ctl(dir, "learn --config '" + cfg + "' --examples '" + broken.string() +
                            "' --out '" + (dir.path() / "m").string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("broken.jsonl:3: not a JSON object") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "m"));

  const auto clean_only = dir.write("clean.jsonl", "{\"text\":\"hello\",\"labels\":[]}\n");
  r = run_ctl(dir, "learn --config '" + cfg + "' --examples '" + clean_only.string() + "' --out '" +
                       (dir.path() / "m").string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no spam") != std::string::npos);

  const auto damaged = dir.write("damaged.model", "hallmonitor-spam-model 1\nfeature_bits 20\n");
  r = run_ctl(dir, "classify --config '" + cfg + "' --model '" + damaged.string() + "'", "hi\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("not a usable spam model") != std::string::npos);
  CHECK(r.out.empty());
}
