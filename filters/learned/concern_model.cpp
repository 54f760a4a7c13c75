#include "filters/learned/concern_model.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "filters/list_file.hpp"
#include "filters/term_pattern.hpp"
#include "filters/utf8.hpp"

namespace hm::filters::learned {
namespace {

constexpr std::uint32_t kSlots = 1u << 20;

constexpr char lower_ascii(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// 32-bit FNV-1a of `bytes` with ASCII letters lower-cased, continued from `h`.
constexpr std::uint32_t fnv1a(std::uint32_t h, std::string_view bytes) noexcept {
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(lower_ascii(c))) * 0x01000193u;
  return h;
}
constexpr std::uint32_t kFnvOffset = 0x811C9DC5u;
constexpr std::uint32_t kWordPrefix = fnv1a(kFnvOffset, "w:");  // every word feature starts so
constexpr std::uint32_t kPairPrefix = fnv1a(kFnvOffset, "b:");  // and every pair

constexpr std::string_view kHeader = "# hallmonitor concern model 1";

bool word_byte(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
}

template <typename T>
bool parse_number(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::uint32_t ConcernModel::slot(std::string_view feature_name) noexcept {
  return fnv1a(kFnvOffset, feature_name) % kSlots;
}

void ConcernModel::feature_hashes(std::string_view text, std::vector<std::uint32_t>& out) const {
  // feature_names() without a string a feature, and the comment is not copied: the grooming
  // model reads most comments. Words are hashed lower-cased as they are read.
  out.clear();
  std::string_view previous;  // the last word, as written, unless it was neutral
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && !word_byte(lower_ascii(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && word_byte(lower_ascii(text[i]))) ++i;
    if (i == start) break;
    const std::string_view word = text.substr(start, i - start);
    const std::uint32_t word_hash = fnv1a(kWordPrefix, word);
    if (is_neutral(word_hash, word)) {
      previous = {};
      continue;
    }
    out.push_back(word_hash);
    if (!previous.empty()) out.push_back(fnv1a(fnv1a(fnv1a(kPairPrefix, previous), " "), word));
    previous = word;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

bool ConcernModel::is_neutral(std::uint32_t word_hash, std::string_view word) const {
  // By the hash of the word's feature first (a few dozen numbers), then by the word itself.
  auto it = std::lower_bound(neutral_hashes_.begin(), neutral_hashes_.end(), word_hash);
  if (it == neutral_hashes_.end() || *it != word_hash) return false;
  std::string lowered(word);
  for (char& c : lowered) c = lower_ascii(c);
  return neutral_.contains(lowered);
}

std::vector<std::string> ConcernModel::feature_names(
    std::string_view text, const std::set<std::string, std::less<>>& neutral) {
  std::vector<std::string> words;
  std::string word;
  for (char raw : text) {
    const char c = lower_ascii(raw);
    if (word_byte(c)) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::vector<std::string> names;
  names.reserve(words.size() * 2);
  auto is_neutral = [&](const std::string& w) { return neutral.contains(w); };
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (is_neutral(words[i])) continue;  // and every pair it is in
    names.push_back("w:" + words[i]);
    if (i + 1 < words.size() && !is_neutral(words[i + 1]))
      names.push_back("b:" + words[i] + " " + words[i + 1]);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

double ConcernModel::weight(std::uint32_t s) const noexcept {
  // The weights are sorted by slot; `bucket_start_` says where each run of 256 slots begins, so
  // a look-up searches a handful of neighbours instead of the whole table: the grooming model
  // looks up every word of most comments, and a search of tens of thousands missed the cache.
  const auto first = weights_.begin() + bucket_start_[s >> kBucketBits];
  const auto last = weights_.begin() + bucket_start_[(s >> kBucketBits) + 1];
  for (auto it = first; it != last && it->first <= s; ++it)
    if (it->first == s) return double(it->second);
  return 0.0;
}

Opinion ConcernModel::judge(std::string_view written, std::size_t max_reasons) const {
  // A zero-width character inside a word ("w\u200bhat age are you") would split it in two and
  // hide it from the model; the trainer drops them too.
  thread_local std::string visible;
  const std::string_view text = utf8::without_zero_width(written, visible);
  Opinion opinion;
  double z = bias_;
  thread_local std::vector<std::uint32_t> hashes;
  feature_hashes(text, hashes);
  for (std::uint32_t h : hashes) z += weight(h % kSlots);
  opinion.probability = 1.0 / (1.0 + std::exp(-std::clamp(z, -30.0, 30.0)));
  opinion.band = opinion.probability >= flag_at_ ? Band::flag : Band::none;
  if (opinion.band != Band::flag) return opinion;
  // Why, in words: only for a flag, the one opinion anybody reads.
  for (const std::string& name : feature_names(text, neutral_))
    if (const double w = weight(slot(name)); w > 0) opinion.reasons.push_back({name.substr(2), w});
  std::stable_sort(opinion.reasons.begin(), opinion.reasons.end(),
                   [](const Reason& a, const Reason& b) { return a.weight > b.weight; });
  if (opinion.reasons.size() > max_reasons) opinion.reasons.resize(max_reasons);
  return opinion;
}

std::optional<ConcernModel> ConcernModel::parse(std::string_view text, const std::string& file_name,
                                                std::vector<Problem>& problems) {
  ConcernModel model;
  bool have_flag_at = false, have_bias = false;
  std::size_t before = problems.size();
  int line_no = 0;
  std::uint32_t last_slot = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line_no == 1 && line != kHeader) {
      problems.push_back({file_name, 1,
                          "not a concern model of this version (first line must be '" +
                              std::string(kHeader) + "')"});
      return std::nullopt;
    }
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find(' ');
    const std::string_view key = line.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? "" : line.substr(space + 1);
    double number = 0;
    if (key == "flag_at") {
      if (!parse_number(value, number) || !(number > 0 && number < 1))
        problems.push_back({file_name, line_no, "flag_at must be a probability between 0 and 1"});
      model.flag_at_ = number;
      have_flag_at = true;
    } else if (key == "gate" || key == "risk_to_life" || key == "quiet") {
      if (value.empty() || value.find("..") != std::string_view::npos || value.front() == '/')
        problems.push_back(
            {file_name, line_no, std::string(key) + " must name a list inside the filters folder"});
      else
        (key == "gate"    ? model.gate_lists_
         : key == "quiet" ? model.quiet_lists_
                          : model.risk_lists_)
            .emplace_back(value);
    } else if (key == "neutral") {
      if (value.empty() || !std::all_of(value.begin(), value.end(), word_byte))
        problems.push_back(
            {file_name, line_no, "neutral must name one word of lower-case letters, digits or '"});
      else {
        model.neutral_.emplace(value);
        const std::uint32_t h = fnv1a(kWordPrefix, value);
        model.neutral_hashes_.insert(
            std::upper_bound(model.neutral_hashes_.begin(), model.neutral_hashes_.end(), h), h);
      }
    } else if (key == "bias") {
      if (!parse_number(value, number) || !std::isfinite(number))
        problems.push_back({file_name, line_no, "bias must be a number"});
      model.bias_ = number;
      have_bias = true;
    } else {
      std::uint32_t s = 0;
      float w = 0;
      if (!parse_number(key, s) || s >= kSlots || !parse_number(value, w) || !std::isfinite(w)) {
        problems.push_back({file_name, line_no, "expected 'SLOT WEIGHT' (a slot below 2^20)"});
        continue;
      }
      if (!model.weights_.empty() && s <= last_slot) {
        problems.push_back({file_name, line_no, "slots must be in increasing order"});
        continue;
      }
      model.weights_.emplace_back(s, w);
      last_slot = s;
    }
  }
  if (line_no == 0) problems.push_back({file_name, 0, "the file is empty"});
  if (line_no > 0 && !have_flag_at) problems.push_back({file_name, 0, "no flag_at line"});
  if (line_no > 0 && !have_bias) problems.push_back({file_name, 0, "no bias line"});
  if (problems.size() != before) return std::nullopt;
  // bucket_start_[b]: the first weight whose slot is in bucket b or later.
  model.bucket_start_.assign((kSlots >> kBucketBits) + 1, std::uint32_t(model.weights_.size()));
  for (std::size_t i = model.weights_.size(); i-- > 0;)
    model.bucket_start_[model.weights_[i].first >> kBucketBits] = std::uint32_t(i);
  for (std::size_t b = model.bucket_start_.size() - 1; b-- > 0;)
    model.bucket_start_[b] = std::min(model.bucket_start_[b], model.bucket_start_[b + 1]);
  return model;
}

bool ConcernModel::gate_open(std::string_view folded_text) const {
  const re2::StringPiece text(folded_text.data(), folded_text.size());
  const bool gate = gate_ && RE2::PartialMatch(text, gate_->get());
  // The quiet lists are searched only where the gate is open: most comments stop at the gate.
  const bool quiet =
      gate_open_given(gate, false) && quiet_ && RE2::PartialMatch(text, quiet_->get());
  return gate_open_given(gate, quiet);
}

bool ConcernModel::gate_open_given(bool gate_matches, bool quiet_matches) const noexcept {
  // Without gate lists the model reads every comment; with lists not loaded (parse() alone), none.
  const bool open = gate_ ? gate_matches : gate_lists_.empty() && risk_lists_.empty();
  if (!open || quiet_lists_.empty()) return open;
  return quiet_ && !quiet_matches;
}

bool ConcernModel::risk_to_life(std::string_view folded_text) const {
  return risk_ &&
         RE2::PartialMatch(re2::StringPiece(folded_text.data(), folded_text.size()), risk_->get());
}

namespace {

// Every entry of `lists` (relative to `filters_dir`), as the rules compile them, in one
// alternation; a list that is missing or holds a bad entry adds a problem.
std::string alternation_of(const std::vector<std::string>& lists,
                           const std::filesystem::path& filters_dir,
                           std::vector<Problem>& problems) {
  std::string alternation;
  for (const std::string& list : lists) {
    const auto path = filters_dir / list;
    append_alternation(read_list_file(path, problems), path, alternation, problems);
  }
  return alternation;
}

// One regex over `alternation`, compiled when first used; null with a problem added when it is
// empty or does not compile.
std::shared_ptr<const LazyRegex> compile(const std::string& alternation,
                                         const std::filesystem::path& file, std::string_view what,
                                         std::vector<Problem>& problems) {
  if (alternation.empty()) {
    problems.push_back({file.string(), 0, "its " + std::string(what) + " lists hold no entry"});
    return nullptr;
  }
  RE2::Options options;
  // The gate runs on every comment, unanchored over a few hundred entries, many of which start
  // with everyday words ("not", "always", "keeps"). At 8 MiB its DFA ran out of room on the
  // shared bench corpus once the tenth pass's harms were added, and RE2 fell back to its NFA:
  // classify took 7.5 times the instructions. The cache fills lazily, so the budget is a ceiling.
  options.set_max_mem(16 << 20);
  options.set_log_errors(false);
  std::string error;
  auto re = LazyRegex::make(alternation, options, error);
  if (!re)
    problems.push_back(
        {file.string(), 0, "cannot compile its " + std::string(what) + " lists: " + error});
  return re;
}

}  // namespace

std::optional<ConcernModel> ConcernModel::load(const std::filesystem::path& file,
                                               const std::filesystem::path& filters_dir,
                                               std::vector<Problem>& problems) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems.push_back({file.string(), 0, "cannot read the concern model"});
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto model = parse(bytes.str(), file.string(), problems);
  if (!model) return model;
  // Each list read once: the risk_to_life lists' entries serve both of their regexes.
  const std::size_t before = problems.size();
  const std::string harm = alternation_of(model->gate_lists_, filters_dir, problems);
  const std::string risk = alternation_of(model->risk_lists_, filters_dir, problems);
  const std::string quiet = alternation_of(model->quiet_lists_, filters_dir, problems);
  if (problems.size() != before) return std::nullopt;
  if (!model->quiet_lists_.empty()) {
    model->quiet_ = compile(quiet, file, "quiet", problems);
    if (!model->quiet_) return std::nullopt;
  }
  if (!model->gate_lists_.empty() || !model->risk_lists_.empty()) {
    // A sign of risk to life is a sign of harm too: its entries open the gate as well.
    model->gate_ = compile(harm.empty() || risk.empty() ? harm + risk : harm + '|' + risk, file,
                           "gate", problems);
    if (!model->gate_) return std::nullopt;
  }
  if (!model->risk_lists_.empty()) {
    model->risk_ = compile(risk, file, "risk_to_life", problems);
    if (!model->risk_) return std::nullopt;
  }
  return model;
}

}  // namespace hm::filters::learned
