// Misspelt words put back before matching ([spelling] in rules.toml): the slips made from a
// word, the repaired form and its map back to the original, and the shipped exceptions checked
// against a real dictionary. Every example text is written for this test.
#include "filters/spelling_repair.hpp"

#include <doctest/doctest.h>

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "filters/glued_words.hpp"
#include "filters/list_file.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;
namespace fs = std::filesystem;

namespace {

std::string repaired(const SpellingRepair& r, std::string_view text) {
  NormalForm in{std::string(text), {}, {}}, out;
  return r.repair(in, out) ? out.text : std::string(text);
}

bool has_slip(std::string_view word, std::string_view slip) {
  auto slips = SpellingRepair::slips_of(word);
  return std::any_of(slips.begin(), slips.end(), [&](auto& s) { return s.first == slip; });
}

// Lower-case words of letters only.
void add_words_of(std::string_view text, std::unordered_set<std::string>& into) {
  std::string word;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z') {
      word += c;
      continue;
    }
    if (!word.empty()) into.insert(word);
    word.clear();
  }
  if (!word.empty()) into.insert(word);
}

void add_words(const fs::path& file, std::unordered_set<std::string>& into) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) add_words_of(line, into);
}

// The words of a corpus's clean rows: what people ordinarily write on school pages. Its harmful
// rows are left out, as they hold misspellings on purpose ("Musilms") that are not words.
void add_clean_rows(const fs::path& jsonl, std::unordered_set<std::string>& into) {
  std::ifstream in(jsonl);
  for (std::string line; std::getline(in, line);)
    if (line.find("\"categories\": []") != std::string::npos) add_words_of(line, into);
}

}  // namespace

TEST_CASE("a word's slips: neighbours swapped, one letter dropped, the first kept") {
  CHECK(has_slip("vermin", "vremin"));
  CHECK(has_slip("vermin", "vermni"));        // the last two swapped
  CHECK(has_slip("vermin", "vermn"));         // an inner letter dropped
  CHECK_FALSE(has_slip("vermin", "evrmin"));  // the first letter stays
  CHECK(has_slip("vermin", "vermi"));         // a word of six or more loses its last
  CHECK(has_slip("disgusting", "disgustin"));
  CHECK_FALSE(has_slip("animals", "animal"));     // but not a plural's "s": another word
  CHECK_FALSE(has_slip("disabled", "disable"));   // nor a past tense's "d"
  CHECK_FALSE(has_slip("smelly", "smell"));       // nor an adjective's "y"
  CHECK_FALSE(has_slip("women", "wome"));         // and not a shorter word
  CHECK(has_slip("muslims", "musiims"));          // "Mus1ims": an inner l written as 1
  CHECK_FALSE(has_slip("lesbians", "iesbians"));  // not the first letter
  // Four letters: only inner neighbours swapped, nothing dropped ("sum", "vie" are words).
  CHECK(has_slip("scum", "scmu"));
  CHECK(has_slip("hate", "haet"));
  CHECK_FALSE(has_slip("scum", "sum"));
  CHECK_FALSE(has_slip("hate", "hte"));
  // A letter after the first written twice, from four letters; never a letter already doubled
  // (tripled, it is stretching, which the normaliser folds).
  CHECK(has_slip("scum", "scumm"));
  CHECK(has_slip("vermin", "verminn"));
  CHECK(has_slip("disgusting", "disgustting"));
  CHECK_FALSE(has_slip("scum", "sscum"));
  CHECK_FALSE(has_slip("bitter", "bittter"));
  CHECK(SpellingRepair::slips_of("die").empty());  // under four letters: too many neighbours
  CHECK(SpellingRepair::slips_of("anti-vax").empty());
}

TEST_CASE("repair puts back misspelt vocabulary words and maps them to what was written") {
  auto r = SpellingRepair::build({"muslims", "vermin", "black people"}, {"back"});
  CHECK(repaired(r, "mulsims are vremin") == "muslims are vermin");
  CHECK(repaired(r, "blck poeple") == "black people");  // words of a phrase, each on its own
  CHECK(repaired(r, "the backs of the chairs") == "the backs of the chairs");
  CHECK(repaired(r, "keep your back straight") == "keep your back straight");  // a real word
  CHECK(repaired(r, "muslims are vermin") == "muslims are vermin");            // nothing to do
  CHECK(repaired(r, "vremin2 and 9mulsims") == "vremin2 and 9mulsims");        // glued to digits

  // Each repaired letter points at the whole misspelt word in the original.
  NormalForm in{"so mulsims ok", {}, {}}, out;
  REQUIRE(r.repair(in, out));
  CHECK(out.text == "so muslims ok");
  CHECK(out.original_span(3, 10) == std::pair<std::size_t, std::size_t>{3, 10});
  CHECK(out.original_span(11, 13) == std::pair<std::size_t, std::size_t>{11, 13});

  // A word of the longest length repair() reads: its doubled-letter slips, a letter longer, are
  // left out of the table (they have no slot), and its other slips are read.
  const std::string longest = "zabcdefghijklmnopqrstuvz";  // 24 letters
  auto at_limit = SpellingRepair::build({longest}, {});
  CHECK(repaired(at_limit, "zbacdefghijklmnopqrstuvz") == longest);
  CHECK(repaired(at_limit, "zabcdefghijklmnopqrstuvzz") == "zabcdefghijklmnopqrstuvzz");

  // A spelling one slip from two words is left alone: it cannot be told which was meant.
  auto two = SpellingRepair::build({"liars", "lairds"}, {});
  CHECK(repaired(two, "lairs") == "lairs");
}

TEST_CASE("through the shipped rules: misspelt hate is read, ordinary words are not") {
  using hm::test::classify_shipped;
  hm::test::all_flagged(
      Category::abuse,
      {"Mulsims are disgutsing", "I hate immigrnts", "Wmoen are vremin",
       "Trasn people should all be killed", "blck people are filthy", "I haet Romanians",
       "Travellers are scmu", "Immigrants are revoltin", "I would mruder every refugee"});
  hm::test::all_clean({"Please keep the backs of the chairs clean after the concert",
                       "Use the refuge on the landing in a fire drill",
                       "A treat for Year 3 after their hard work on the poles project"});
  // The match covers what the author wrote.
  const std::string text = "Honestly mulsims are disgutsing";
  auto v = classify_shipped(text);
  REQUIRE(!v.matches.empty());
  CHECK(text.substr(v.matches[0].start, v.matches[0].end - v.matches[0].start) ==
        "mulsims are disgutsing");
}

TEST_CASE("the shipped exceptions name every slip that is a real word") {
  const fs::path dictionary = "/usr/share/dict/british-english";
  REQUIRE_MESSAGE(fs::exists(dictionary),
                  "needs Debian's wbritish (scripts/install-deps installs it)");
  const fs::path filters = fs::path(HM_SOURCE_DIR) / "config" / "filters";
  const toml::table rules = toml::parse_file((filters / "rules.toml").string());
  const toml::array* word_lists = rules["spelling"]["words"].as_array();
  const toml::array* real_lists = rules["spelling"]["real_words"].as_array();
  REQUIRE(word_lists);
  REQUIRE(real_lists);

  std::unordered_set<std::string> known;  // words in the dictionary and on school pages
  add_words(dictionary, known);
  for (auto& f : fs::directory_iterator(fs::path(HM_SOURCE_DIR) / "tests" / "data"))
    // The spelling set's clean rows are misspelt on purpose ("Disabled people are welocme").
    if (f.path().extension() == ".jsonl" && f.path().stem() != "functional-spelling")
      add_clean_rows(f.path(), known);
  add_words(filters / "learned" / "ordinary-comments.txt", known);

  std::vector<Problem> problems;
  std::unordered_set<std::string> vocabulary, exceptions;
  for (auto& f : *word_lists)
    for (auto& e : read_list_file(filters / f.value_or(std::string()), problems))
      add_words_of(e.text, vocabulary);
  for (auto& f : *real_lists)
    for (auto& e : read_list_file(filters / f.value_or(std::string()), problems))
      exceptions.insert(e.text);
  CHECK(problems.empty());
  REQUIRE(!vocabulary.empty());

  std::vector<std::string> unlisted;
  for (const std::string& word : vocabulary)
    for (auto& [slip, target] : SpellingRepair::slips_of(word))
      if (known.contains(slip) && !vocabulary.contains(slip) && !exceptions.contains(slip))
        unlisted.push_back(slip + " (from " + target + ")");
  std::sort(unlisted.begin(), unlisted.end());
  for (const std::string& u : unlisted) MESSAGE("a real word missing from the exceptions: " << u);
  CHECK(unlisted.empty());
}

TEST_CASE("[spelling] in rules.toml: an admin's own words, and clear problems for bad entries") {
  const fs::path dir = fs::temp_directory_path() / "hm-spelling-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "words.txt") << "# what the rule is about\nbadgers\n";
  std::ofstream(dir / "real.txt") << "badges\n";
  const std::string rule =
      "\n[[rule]]\nid = \"abuse.badgers\"\ncategory = \"abuse\"\nseverity = 2\n"
      "description = \"Mentions badgers\"\npatterns = [\"badgers\"]\n";

  std::ofstream(dir / "rules.toml") << "[spelling]\nwords = [\"words.txt\"]\n"
                                       "real_words = [\"real.txt\"]\n" +
                                           rule;
  auto good = Pipeline::load(dir);
  for (auto& p : good.problems) MESSAGE(p.str());
  REQUIRE(good.pipeline);
  const School& none = *School::none();
  CHECK_FALSE(good.pipeline->classify("the bdagers are out", none).clean());  // a swap
  CHECK_FALSE(good.pipeline->classify("the badgrs are out", none).clean());   // a drop
  CHECK(good.pipeline->classify("the badges are out", none).clean());         // a listed real word

  std::ofstream(dir / "rules.toml") << "[spelling]\nwords = \"words.txt\"\nwhat = 1\n" + rule;
  auto bad = Pipeline::load(dir);
  CHECK_FALSE(bad.pipeline);
  std::string all;
  for (auto& p : bad.problems) all += p.str() + "\n";
  CHECK(all.find("[spelling] words must be a list of list file names") != std::string::npos);
  CHECK(all.find("what") != std::string::npos);

  std::ofstream(dir / "rules.toml") << "[spelling]\nwords = [\"missing.txt\"]\n" + rule;
  auto missing = Pipeline::load(dir);
  CHECK_FALSE(missing.pipeline);
  REQUIRE(!missing.problems.empty());
  CHECK(missing.problems[0].str().find("cannot read list file 'missing.txt'") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("words run together are read with their spaces back, when they split wholly") {
  auto g = GluedWords::build({"muslims", "women", "scum", "black people"}, {"i", "hate", "are"});
  std::string out;
  REQUIRE(g.split("muslimsarescum", out));
  CHECK(out == "muslims are scum");
  REQUIRE(g.split("ihatewomen", out));
  CHECK(out == "i hate women");
  REQUIRE(g.split("blackpeoplearescum", out));
  CHECK(out == "black people are scum");
  CHECK_FALSE(g.split("interesting", out));    // not wholly known words
  CHECK_FALSE(g.split("ihateareihate", out));  // glue words only: nothing to read
  CHECK_FALSE(g.split("women", out));          // too short to be a run
  // A short run splits only as a glue word and one whole vocabulary word.
  auto s = GluedWords::build({"hate", "scum", "black people"}, {"i", "a", "are"});
  REQUIRE(s.split("ihate", out));
  CHECK(out == "i hate");
  REQUIRE(s.split("arescum", out));
  CHECK(out == "are scum");
  CHECK_FALSE(s.split("ascum", out));    // a one-letter glue word other than "i"
  CHECK_FALSE(s.split("scumare", out));  // the vocabulary word must come second
  CHECK_FALSE(s.split("isblack", out));  // "black" is a word of an entry, not an entry
  // A run that is one known word is the word as written: no second form to match again.
  CHECK_FALSE(GluedWords::build({"dangerous"}, {"are"}).split("dangerous", out));

  using hm::test::classify_shipped;
  hm::test::all_flagged(Category::abuse,
                        {"Muslimsarescum", "ihatewomen", "killallimmigrants", "Ihate Muslims",
                         "Refugees arevile", "Travellers should alldie"});
  hm::test::all_clean({"#proudofourkids at the gala", "wearealltogether in this",
                       "Theinterestingthing about the trip",
                       "Their lesson on weevils was an input to the forget-me-not project"});
  // The match points at the run as written.
  const std::string text = "so Muslimsarescum yes";
  auto v = classify_shipped(text);
  REQUIRE(!v.matches.empty());
  CHECK(text.substr(v.matches[0].start, v.matches[0].end - v.matches[0].start) == "Muslimsarescum");
}
