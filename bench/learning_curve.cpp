// issue 16: the learned spam model's learning curve on real labelled data.
//
// For each dataset in ../shared/realdata/ (YouTube and SMS spam; the two tweet sets as
// non-spam text the model must leave alone), a fifth of the rows is held out by a hash of the
// row id (the same fifth as bench/realdata_bench.py), and the model is trained on the first 100,
// 300, 1,000 and all of the rest (in a fixed shuffled order). Printed per size: recall on the
// held-out spam, false positives on the held-out non-spam (at the model's flag threshold, and at
// its review threshold), and clean school-page comments of ../shared/corpus/dev.jsonl the model
// would flag. Every model also learns from the project's own everyday school-page comments
// (config/filters/learned/ordinary-comments.txt) as `hallmonitorctl learn` does. The last blocks
// train one model on YouTube and SMS, and one on all four datasets, as `learn` does with several
// --examples.
//
// `--positive abuse` asks the other question: would the same learner help with abuse?
// It then learns abuse (the "abuse" label) against everything else on the two tweet sets, with
// the same held-out fifth, to set beside the rules' figures from bench/realdata_bench.py.
//
//   build/bench/learning_curve [--shared ../shared] [--flag-at 0.8] [--review-at 0.5]
//                              [--positive spam|abuse]
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "filters/learned/spam_learner.hpp"
#include "filters/learned/text_features.hpp"
#include "filters/learned/training_set.hpp"
#include "store/sha256.hpp"

namespace learned = hm::filters::learned;

namespace {

bool learn_abuse = false;  // --positive abuse: the positive class is abuse, not spam

struct Row {
  std::string text;
  bool spam;
  bool clean;  // labelled nothing at all (the school corpus's "FP" counts only these)
  std::vector<std::uint32_t> slots;
};

// One row in five, fixed by the id's hash: the same held-out part as bench/realdata_bench.py.
bool held_out(const std::string& id) {
  return std::stoi(hm::store::sha256_hex(id).substr(0, 2), nullptr, 16) % 5 == 0;
}

bool read_rows(const std::string& file, const char* labels_key, std::vector<Row>& train,
               std::vector<Row>& test) {
  std::ifstream in(file);
  if (!in) return false;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text")) continue;
    Row r;
    r.text = j["text"].get<std::string>();
    r.spam = false;
    for (const auto& l : j[labels_key])
      r.spam = r.spam || (learn_abuse ? l == "abuse" : l == "spam" || l == "commercial");
    r.clean = j[labels_key].empty();
    r.slots = learned::feature_slots(r.text);
    const std::string id = j.contains("id") ? j["id"].get<std::string>() : std::to_string(n);
    (held_out(id) ? test : train).push_back(std::move(r));
    ++n;
  }
  return true;
}

struct Score {
  std::size_t spam = 0, caught = 0, reviewed = 0, other = 0, flagged = 0, review_other = 0;
};

Score score(const learned::SpamModel& m, const std::vector<Row>& rows) {
  Score s;
  for (const auto& r : rows) {
    const auto band = m.band(m.probability(r.slots));
    if (r.spam) {
      ++s.spam;
      s.caught += band == learned::Band::flag;
      s.reviewed += band != learned::Band::none;
    } else {
      ++s.other;
      s.flagged += band == learned::Band::flag;
      s.review_other += band != learned::Band::none;
    }
  }
  return s;
}

std::size_t school_false_flags(const learned::SpamModel& m, const std::vector<Row>& school) {
  std::size_t n = 0;
  for (const auto& r : school)
    if (r.clean && m.band(m.probability(r.slots)) == learned::Band::flag) ++n;
  return n;
}

void print_row(const char* name, std::size_t trained, const Score& s, std::size_t school_fp,
               std::size_t school_clean) {
  auto pct = [](std::size_t a, std::size_t b) { return b ? 100.0 * double(a) / double(b) : 0.0; };
  std::printf("%-10s %6zu   %5.2f  %5.1f %%   %5.2f  %5.1f %%   %zu/%zu\n", name, trained,
              s.spam ? double(s.caught) / double(s.spam) : 0.0, pct(s.flagged, s.other),
              s.spam ? double(s.reviewed) / double(s.spam) : 0.0, pct(s.review_other, s.other),
              school_fp, school_clean);
}

// One model from the given sources, weighed as `learn` does (the last is the everyday comments).
learned::SpamModel train(const std::vector<std::vector<learned::Example>>& sources, bool weigh,
                         const learned::LearnOptions& options) {
  std::vector<learned::Example> all;
  std::vector<std::uint32_t> source;
  for (std::size_t s = 0; s < sources.size(); ++s)
    for (const auto& e : sources[s]) {
      all.push_back(e);
      source.push_back(std::uint32_t(s));
    }
  if (weigh) learned::weigh_sources(all, source, std::uint32_t(sources.size() - 1));
  return learned::learn(all, options);
}

std::vector<learned::Example> examples(const std::vector<Row>& rows, std::size_t n) {
  std::vector<learned::Example> out;
  for (std::size_t i = 0; i < n && i < rows.size(); ++i)
    out.push_back({rows[i].slots, rows[i].spam});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string shared = "../shared";
  learned::LearnOptions options;
  bool weigh = true;
  std::string ordinary_file = learned::everyday_comments_file(HM_SOURCE_DIR "/config/filters");
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--shared")
      shared = argv[i + 1];
    else if (a == "--flag-at")
      options.flag_at = std::stod(argv[i + 1]);
    else if (a == "--ordinary")
      ordinary_file = argv[i + 1];
    else if (a == "--weigh")
      weigh = std::string(argv[i + 1]) == "sources";
    else if (a == "--epochs")
      options.epochs = std::stoi(argv[i + 1]);
    else if (a == "--l2")
      options.l2 = std::stod(argv[i + 1]);
    else if (a == "--rate")
      options.rate = std::stod(argv[i + 1]);
    else if (a == "--review-at")
      options.review_at = std::stod(argv[i + 1]);
    else if (a == "--positive" &&
             (std::string(argv[i + 1]) == "abuse" || std::string(argv[i + 1]) == "spam"))
      learn_abuse = std::string(argv[i + 1]) == "abuse";
    else {
      std::cerr << "usage: learning_curve [--shared DIR] [--flag-at P] [--review-at P] "
                   "[--positive spam|abuse]\n";
      return 2;
    }
  }
  const std::vector<std::string> sets = {"youtube", "sms", "davidson", "olid"};
  std::vector<std::vector<Row>> train(sets.size()), test(sets.size());
  for (std::size_t d = 0; d < sets.size(); ++d)
    if (!read_rows(shared + "/realdata/" + sets[d] + ".jsonl", "labels", train[d], test[d])) {
      std::cerr << "learning_curve: cannot read " << shared << "/realdata/" << sets[d]
                << ".jsonl\n";
      return 2;
    }
  std::vector<Row> school, unused;
  if (!read_rows(shared + "/corpus/dev.jsonl", "categories", school, unused)) {
    std::cerr << "learning_curve: cannot read " << shared << "/corpus/dev.jsonl\n";
    return 2;
  }
  school.insert(school.end(), unused.begin(), unused.end());
  const auto school_clean = std::size_t(
      std::count_if(school.begin(), school.end(), [](const Row& r) { return r.clean; }));
  std::mt19937_64 random(7);
  for (auto& t : train) std::shuffle(t.begin(), t.end(), random);

  std::printf(
      "learning %s; flag at %.2f, review at %.2f; held out: a fifth of each dataset by id\n",
      learn_abuse ? "abuse" : "spam", options.flag_at, options.review_at);
  // The two datasets of the positive class: YouTube and SMS for spam, the tweets for abuse.
  const std::size_t first = learn_abuse ? 2 : 0;
  std::printf("%-10s %6s   %-15s   %-15s   %s\n", "dataset", "train", "flag: recall FP",
              "review: recall FP", "school clean flagged");
  // The project's own everyday school-page comments, read as `hallmonitorctl learn` reads them.
  const auto ordinary = learned::read_everyday_comments(ordinary_file, {}).examples;
  if (ordinary.empty()) {
    std::cerr << "learning_curve: no comments in " << ordinary_file << "\n";
    return 2;
  }
  for (std::size_t d = first; d < first + 2; ++d) {
    for (std::size_t n : {std::size_t(100), std::size_t(300), std::size_t(1000), train[d].size()}) {
      if (n > train[d].size()) continue;
      const auto model = ::train({examples(train[d], n), ordinary}, weigh, options);
      print_row(sets[d].c_str(), n, score(model, test[d]), school_false_flags(model, school),
                school_clean);
      if (n == train[d].size()) break;
    }
  }
  const std::size_t pair = train[first].size() + train[first + 1].size();
  const auto spam_model = ::train({examples(train[first], train[first].size()),
                                   examples(train[first + 1], train[first + 1].size()), ordinary},
                                  weigh, options);
  std::printf("one model on the %s training rows (%zu):\n",
              learn_abuse ? "Davidson and OLID" : "YouTube and SMS", pair);
  for (std::size_t d = 0; d < sets.size(); ++d)
    print_row(sets[d].c_str(), pair, score(spam_model, test[d]),
              school_false_flags(spam_model, school), school_clean);
  std::vector<std::vector<learned::Example>> all;
  std::size_t total = 0;
  for (const auto& t : train) {
    all.push_back(examples(t, t.size()));
    total += t.size();
  }
  all.push_back(ordinary);
  const auto started = std::chrono::steady_clock::now();
  const auto model = ::train(all, weigh, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("one model on all four datasets' training rows (%zu, %.2f s to train):\n", total,
              seconds);
  for (std::size_t d = 0; d < sets.size(); ++d)
    print_row(sets[d].c_str(), total, score(model, test[d]), school_false_flags(model, school),
              school_clean);
  return 0;
}
