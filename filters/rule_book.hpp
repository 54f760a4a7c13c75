// The compiled form of rules.toml: every list term, cue, allow-list entry and detector trigger in
// one RE2::Set, so a clean comment costs one linear pass; individual RE2s run only on hits.
//
// Error policy: load() is an expected failure path and reports every problem as
// "file:line: message"; match() never fails (an RE2 out-of-memory is reported as no match from
// the set and logged by the caller through match_errors()).
#pragma once

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "filters/normaliser.hpp"
#include "filters/problem.hpp"
#include "filters/shared_family.hpp"
#include "filters/spelling_repair.hpp"
#include "filters/verdict.hpp"

namespace hm::filters {

// Built-in detectors (DESIGN.md §3) and how rules.toml grades them.
enum class Detector : std::uint8_t {
  phone,
  email,
  postcode,
  street_address,
  protected_name,
  url_shortener,
  url_denylist
};
inline constexpr std::size_t kDetectorCount = 7;
std::string_view detector_rule_id(Detector d) noexcept;

struct DetectorSetting {
  bool enabled = true;
  Category category = Category::personal_data;
  int severity = 2;
};

// Patterns the set reports to wake a detector up; the detector then looks closely.
// `grooming_model` is no pattern: the grooming families came to `ask_model_from` or more
// ([detectors.safeguarding]), so the learned grooming model reads the comment.
enum class Trigger : std::uint8_t {
  url,
  obfuscated_email,
  number_words,
  postcode,
  street_address,
  grooming_model
};

// A hit in one normal form: which entry, where (offsets in that form's text).
struct Span {
  std::size_t start, end;
};

class RuleBook {
 public:
  static std::unique_ptr<RuleBook> load(const std::filesystem::path& dir,
                                        std::vector<Problem>& problems);

  // Appends rule matches (list and proximity rules) found in `n`, mapped to original offsets.
  // Sets `triggers` bits for detectors whose trigger pattern occurred.
  void match(const Normalised& n, std::vector<Match>& out, unsigned& triggers) const;

  // One raw RE2::Set pass and nothing else: the floor the benchmark compares the pipeline with.
  bool set_pass(std::string_view text) const;

  const DetectorSetting& detector(Detector d) const { return detectors_[std::size_t(d)]; }
  const std::set<std::string>& shorteners() const { return shorteners_; }
  const std::set<std::string>& denied_domains() const { return denied_domains_; }
  // The link rule ([detectors.url] safe, promo, link_only_words): a link to a site outside these
  // domains is spam in a link drop or next to promotional words.
  const std::set<std::string>& safe_domains() const { return safe_domains_; }
  const RE2* link_promo() const { return link_promo_.get(); }
  int link_only_words() const { return link_only_words_; }
  bool link_rule() const { return link_promo_ || link_only_words_ >= 0; }
  std::size_t rule_count() const { return rules_.size(); }
  // The reason a rule or detector gives, in words a head teacher reads in the console ("Looks
  // like a UK phone number"): a [[rule]]'s `description`, or the built-in detector's own. Empty
  // for an id these rules do not know (a verdict recorded under rules since changed).
  std::string_view description(std::string_view rule_id) const;
  // Entries the rules wrote (a list loaded twice counts twice), not the literals of wide patterns.
  std::size_t pattern_count() const { return entries_.size() - wide_literals_; }
  std::uint64_t match_errors() const { return match_errors_.load(std::memory_order_relaxed); }
  // Normal forms that needed spans (a rule hit or an armed "near" rule), for metrics and tuning.
  std::uint64_t span_passes() const { return span_passes_.load(std::memory_order_relaxed); }
  // Compiled rule books alive in this process: 1 in a running daemon, 2 while a reload or a
  // console backtest builds another. More, for long, means an old one is held somewhere and its
  // memory (about 18 MiB) with it; the daemon exports it as a metric.
  static int in_memory() { return in_memory_.load(std::memory_order_relaxed); }

  RuleBook(const RuleBook&) = delete;
  RuleBook& operator=(const RuleBook&) = delete;
  ~RuleBook();

 private:
  friend class RuleBookLoader;
  RuleBook();
  static inline std::atomic<int> in_memory_{0};

  struct Weight {
    int cue;
    int weight;  // may be negative: a cue that speaks against the concern
  };
  struct Rule {
    std::string id;
    Category category;
    int severity;
    std::vector<int> cues;  // proximity rule: every cue within `within` words; else empty
    int within = 0;
    std::vector<int> unless;  // cues whose presence anywhere in the comment silences the rule
    // Scoring rule: the weights of the cue families present anywhere in the comment add up;
    // the rule fires at `threshold`. Empty for list and proximity rules.
    std::vector<Weight> weights;
    int threshold = 0;
    // From this total up (short of `threshold`), Trigger::grooming_model: the families found
    // something, too little for the rule, and the learned grooming model is asked. 0: never.
    int ask_model_from = 0;
    Urgency urgency = Urgency::normal;
  };
  // `atom`: a literal that a wide pattern cannot match without (see `wide_` below).
  enum class Kind : std::uint8_t { rule, cue, allow, trigger, atom };
  // The owner of an allow entry: an ordinary exception ("Scunthorpe", a homonym) clears every
  // match inside it; a mention ("the word ...", "saying ... is disgusting") reports or condemns
  // words rather than using them, so it clears every match except safeguarding ones.
  // A report ("a lad on the bus told my son that ...") puts a statement in someone else's mouth:
  // it clears only abuse matches of more than one word (a statement), never a slur or a swear
  // word on its own, and nothing in another category.
  static constexpr int kAllowAlways = 0;
  static constexpr int kAllowMention = 1;
  static constexpr int kAllowReported = 2;
  // One pattern of the set. Its own RE2 (for spans) is compiled on first hit: most of the
  // thousands of list terms never occur, and compiling them all would slow every start-up.
  struct Entry {
    Kind kind;
    int owner;  // rule index, cue index, or Trigger
    std::string pattern;
    // Other entries with the same pattern (two rules on one list, one list in two cues): the set
    // holds the pattern once and a hit counts for each of them.
    std::vector<int> twins;
    mutable std::once_flag compiled;
    mutable std::unique_ptr<RE2> re;
    const RE2& regex(const RE2::Options& options) const;
  };

  void match_form(const NormalForm& form, std::vector<Match>& out, unsigned& triggers) const;
  // The wide patterns (`wide_` ids, ascending) whose literals are all among `atoms`, as
  // FilteredRE2::AllPotentials answers, from a per-thread cache.
  const std::vector<int>& potentials(const std::vector<int>& atoms) const;
  // Tells this rule book's cache entries from those of one loaded before it (a reload).
  const std::uint64_t generation_;
  // A scoring rule's total over the cues `present` (indexed by cue); `why` gets the sum spelled
  // out when it is not null.
  int score(const Rule& rule, const std::vector<char>& present, std::string* why) const;

  std::vector<Rule> rules_;
  std::vector<std::string> cue_names_;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::vector<int> main_entry_;  // main set pattern index → entries_ index
  RE2::Options options_;
  std::unique_ptr<RE2::Set> set_;
  // Rules with a `gate`: their patterns live in a set of their own that runs only on comments
  // where the main set found the gate cue, so a long family (identity groups) costs nothing on
  // the many comments that never mention one.
  struct Gated {
    int cue;
    std::unique_ptr<RE2::Set> set;
    // Gated set index → entries_ index, or, below zero, ~k: the k-th of `shared` (a rule's
    // entries that use the same family, one pattern of the set; filters/shared_family.hpp).
    std::vector<int> entry;
    std::vector<std::unique_ptr<SharedFamily>> shared;
  };
  std::vector<Gated> gated_;
  // Wide patterns (long gaps such as `.{0,60}`, `(?:\w+\s+){0,3}`) multiply the main set's DFA
  // states on every comment. Each one with a literal it cannot match without ("for sale") is
  // kept out of the set: the set looks for those literals (`Kind::atom` entries), and a pattern
  // runs on its own only where its literals occurred. A hit is the same as the set's would be.
  std::unique_ptr<re2::FilteredRE2> wide_;
  std::vector<int> wide_entry_;    // wide_ regexp index → entries_ index (-1: in the main set)
  std::size_t wide_literals_ = 0;  // Kind::atom entries
  // The allow-list in a set of its own, run only on forms where some rule can still match: most
  // comments never need it, and its hundreds of phrases would slow every main pass.
  std::unique_ptr<RE2::Set> allow_set_;
  std::vector<int> allow_entry_;  // allow set index → entries_ index
  // By cue index: the cue counts towards a safeguarding rule, so a mention never clears it.
  std::vector<char> cue_feeds_safeguarding_;
  // Cues that undo every report ([allow.reported] unless): the writer agrees with it.
  std::vector<int> reported_unless_;
  std::array<DetectorSetting, kDetectorCount> detectors_{};
  std::map<std::string, std::string, std::less<>> descriptions_;  // rule id → plain English
  std::set<std::string> shorteners_, denied_domains_;
  std::set<std::string> safe_domains_;
  std::unique_ptr<RE2> link_promo_;
  // [spelling]: misspelt words put back, matched as one more form of the comment.
  SpellingRepair spelling_;
  int link_only_words_ = -1;
  mutable std::atomic<std::uint64_t> match_errors_{0};
  mutable std::atomic<std::uint64_t> span_passes_{0};
};

}  // namespace hm::filters
