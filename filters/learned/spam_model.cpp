#include "filters/learned/spam_model.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "filters/learned/byte_codec.hpp"
#include "filters/learned/text_features.hpp"

namespace hm::filters::learned {
namespace {

constexpr std::string_view kMagic = "hallmonitor-spam-model";

double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-std::clamp(z, -30.0, 30.0)));
}

// The model file's checksum line: FNV-1a of the weights' bytes, 16 hex digits.
std::string checksum_of(std::string_view body) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(fnv1a64(body)));
  return out;
}

// "w:check" → "check", "b:check out" → "check out", "g:<sub" → "sub…" (a letter group).
std::string readable(std::string_view name) {
  std::string_view body = name.substr(2);
  if (name[0] != 'g') return std::string(body);
  std::string out;
  if (body.front() != '<') out += "…";
  for (char c : body)
    if (c != '<' && c != '>') out += c;
  if (body.back() != '>') out += "…";
  return out;
}

}  // namespace

std::string_view to_string(Band b) noexcept {
  switch (b) {
    case Band::none:
      return "none";
    case Band::review:
      return "review";
    case Band::flag:
      return "flag";
  }
  return "none";
}

SpamModel::SpamModel(std::vector<float> weights, float bias, ModelInfo info)
    : weights_(std::move(weights)), bias_(bias), info_(info) {
  weights_.resize(kFeatureSlots, 0.0f);
}

// Features count 1/sqrt(n) each, so a long comment is not judged by its length.
double SpamModel::probability(const std::vector<std::uint32_t>& sorted_slots) const noexcept {
  double sum = 0;
  for (auto s : sorted_slots) sum += weights_[s & (kFeatureSlots - 1)];
  const double scale = sorted_slots.empty() ? 1.0 : 1.0 / std::sqrt(double(sorted_slots.size()));
  return sigmoid(bias_ + sum * scale);
}

double SpamModel::probability(std::string_view text,
                              const std::vector<std::string>& own_domains) const {
  return probability(feature_slots(text, own_domains));
}

Band SpamModel::band(double p) const noexcept {
  if (p >= info_.flag_at) return Band::flag;
  if (p >= info_.review_at) return Band::review;
  return Band::none;
}

void SpamModel::set_thresholds(double flag_at, double review_at) noexcept {
  info_.flag_at = flag_at;
  info_.review_at = std::min(review_at, flag_at);
}

Opinion SpamModel::judge(std::string_view text, const std::vector<std::string>& own_domains,
                         std::size_t max_reasons) const {
  Opinion o;
  o.probability = probability(text, own_domains);
  o.band = band(o.probability);
  if (o.band == Band::none || max_reasons == 0) return o;
  // Words and word pairs explain better than letter groups; groups only when nothing else does.
  std::map<std::string, double> words, groups;
  for_each_feature(
      text,
      [&](std::string_view name) {
        const double w = weights_[feature_slot(name)];
        if (w <= 0) return;
        (name[0] == 'g' ? groups : words)[readable(name)] = w;
      },
      own_domains);
  for (auto* pool : {&words, &groups}) {
    std::vector<Reason> ranked;
    for (auto& [feature, weight] : *pool) ranked.push_back({feature, weight});
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Reason& a, const Reason& b) { return a.weight > b.weight; });
    for (auto& r : ranked) {
      if (o.reasons.size() >= max_reasons) break;
      o.reasons.push_back(std::move(r));
    }
  }
  return o;
}

std::string SpamModel::serialize() const {
  std::string body;
  std::uint32_t count = 0;
  for (std::uint32_t s = 0; s < kFeatureSlots; ++s) {
    if (weights_[s] == 0.0f) continue;
    put_u32(body, s);
    put_u32(body, std::bit_cast<std::uint32_t>(weights_[s]));
    ++count;
  }
  auto line = [](std::string_view key, const std::string& value) {
    return std::string(key) + " " + value + "\n";
  };
  auto real = [](double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return std::string(buf);
  };
  std::string out = std::string(kMagic) + " " + std::to_string(kModelFormat) + "\n";
  out += line("feature_bits", std::to_string(kFeatureBits));
  out += line("trained_at", std::to_string(info_.trained_at));
  out += line("examples", std::to_string(info_.examples));
  out += line("spam_examples", std::to_string(info_.spam_examples));
  out += line("flag_at", real(info_.flag_at));
  out += line("review_at", real(info_.review_at));
  out += line("bias", real(bias_));
  out += line("weights", std::to_string(count));
  out += line("checksum", checksum_of(body));
  return out + body;
}

ParsedModel SpamModel::parse(std::string_view bytes) {
  auto fail = [](std::string why) {
    return ParsedModel{std::nullopt, "not a usable spam model: " + why};
  };
  std::map<std::string, std::string, std::less<>> header;
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    const auto nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos || nl - pos > 200) return fail("the header is cut short");
    const std::string_view line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return fail("a header line has no value");
    const std::string key(line.substr(0, space));
    const std::string value(line.substr(space + 1));
    if (first) {
      if (key != kMagic) return fail("it does not start with \"" + std::string(kMagic) + "\"");
      if (value != std::to_string(kModelFormat))
        return fail("format " + value + " (this version reads format " +
                    std::to_string(kModelFormat) + "; learn the model again)");
      first = false;
      continue;
    }
    header[key] = value;
    if (key == "checksum") break;
  }
  auto number = [&](std::string_view key, auto& out) {
    auto it = header.find(key);
    if (it == header.end()) return false;
    const char* b = it->second.data();
    const char* e = b + it->second.size();
    auto [end, ec] = std::from_chars(b, e, out);
    return ec == std::errc() && end == e;
  };
  std::uint32_t bits = 0, count = 0;
  ModelInfo info;
  double bias = 0;
  if (!number("feature_bits", bits) || bits != kFeatureBits)
    return fail("its features are hashed differently (feature_bits)");
  if (!number("trained_at", info.trained_at) || !number("examples", info.examples) ||
      !number("spam_examples", info.spam_examples) || !number("flag_at", info.flag_at) ||
      !number("review_at", info.review_at) || !number("bias", bias) || !number("weights", count))
    return fail("a header value is missing or not a number");
  if (!(info.flag_at > 0 && info.flag_at <= 1 && info.review_at > 0 &&
        info.review_at <= info.flag_at) ||
      !std::isfinite(bias))
    return fail("its thresholds or bias are out of range");
  const std::string_view body = bytes.substr(pos);
  if (body.size() != std::size_t(count) * 8)
    return fail("its weights are cut short or have extra bytes");
  if (header["checksum"] != checksum_of(body))
    return fail("its checksum does not match (corrupted)");
  std::vector<float> weights(kFeatureSlots, 0.0f);
  for (std::size_t i = 0; i < body.size(); i += 8) {
    const std::uint32_t slot = get_u32(body.data() + i);
    const float w = std::bit_cast<float>(get_u32(body.data() + i + 4));
    if (slot >= kFeatureSlots || !std::isfinite(w)) return fail("a weight is out of range");
    weights[slot] = w;
  }
  return ParsedModel{SpamModel(std::move(weights), float(bias), info), {}};
}

ParsedModel SpamModel::load(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return ParsedModel{std::nullopt, "no model at " + file.string() + " yet", true};
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  if (!(in && bytes << in.rdbuf()))
    return ParsedModel{std::nullopt, "cannot read the model " + file.string(), false};
  auto parsed = parse(bytes.str());
  if (!parsed.model) parsed.error = file.string() + ": " + parsed.error;
  return parsed;
}

}  // namespace hm::filters::learned
