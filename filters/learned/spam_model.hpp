// The learned second opinion on spam and adverts: logistic regression over the hashed features
// of text_features.hpp, with the two thresholds that decide what its opinion does, and the
// features that weighed most so a moderator can see why.
//
// Bands: at or above `flag_at` the model flags on its own (spam, hidden like any verdict);
// from `review_at` it asks for a look without hiding; below, it says nothing.
//
// Error policy: scoring is pure and never fails. SpamModel::parse returns why a model file
// cannot be used (wrong kind, newer version, truncated, corrupted); a caller keeps running
// without a model rather than with a damaged one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hm::filters::learned {

// The version of the model file this build writes and reads.
inline constexpr int kModelFormat = 1;

struct ModelInfo {
  std::int64_t trained_at = 0;  // Unix seconds
  std::uint32_t examples = 0;
  std::uint32_t spam_examples = 0;
  double flag_at = 0.8;
  double review_at = 0.5;
};

struct Reason {
  std::string feature;  // "subscribe", "check out", "…scri…" (a letter group)
  double weight;
};

enum class Band : std::uint8_t { none, review, flag };
std::string_view to_string(Band b) noexcept;

struct Opinion {
  double probability = 0;
  Band band = Band::none;
  std::vector<Reason> reasons;  // the heaviest features towards spam, heaviest first
};

struct ParsedModel;

class SpamModel {
 public:
  // `weights` has kFeatureSlots entries.
  SpamModel(std::vector<float> weights, float bias, ModelInfo info);

  double probability(const std::vector<std::uint32_t>& sorted_slots) const noexcept;
  // `own_domains`: the school's own sites (text_features.hpp), as at training.
  double probability(std::string_view text, const std::vector<std::string>& own_domains = {}) const;
  Opinion judge(std::string_view text, const std::vector<std::string>& own_domains = {},
                std::size_t max_reasons = 3) const;
  Band band(double probability) const noexcept;

  const ModelInfo& info() const noexcept { return info_; }
  void set_thresholds(double flag_at, double review_at) noexcept;

  // The model file: a short text header, then the non-zero weights as (slot, weight) pairs,
  // little-endian, with a checksum over them.
  std::string serialize() const;
  static ParsedModel parse(std::string_view bytes);
  // Reads and parses a model file; `missing` is set when there is no such file.
  static ParsedModel load(const std::filesystem::path& file);

 private:
  std::vector<float> weights_;
  float bias_;
  ModelInfo info_;
};

struct ParsedModel {
  std::optional<SpamModel> model;  // empty when `error` says why
  std::string error;
  bool missing = false;  // load(): the file does not exist (not yet learned)
};

}  // namespace hm::filters::learned
