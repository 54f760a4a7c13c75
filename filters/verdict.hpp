// The result of classifying one comment: what matched, where, and what it suggests doing.
//
// Error policy: pure value types; nothing here fails.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hm::filters {

// The six policy categories of POLICY.md. The order is the canonical (sorted) output order.
enum class Category : std::uint8_t {
  abuse,
  commercial,
  complaint,
  personal_data,
  safeguarding,
  spam
};

inline constexpr std::array<Category, 6> kAllCategories = {
    Category::abuse,         Category::commercial,   Category::complaint,
    Category::personal_data, Category::safeguarding, Category::spam};

std::string_view to_string(Category c) noexcept;
std::optional<Category> parse_category(std::string_view name) noexcept;

// A bit set of categories, iterated in canonical order.
class CategorySet {
 public:
  void insert(Category c) noexcept { bits_ |= bit(c); }
  bool contains(Category c) const noexcept { return (bits_ & bit(c)) != 0; }
  bool empty() const noexcept { return bits_ == 0; }
  std::vector<Category> list() const;
  bool operator==(const CategorySet&) const = default;

 private:
  static std::uint8_t bit(Category c) noexcept { return std::uint8_t(1u << unsigned(c)); }
  std::uint8_t bits_ = 0;
};

// How fast a safeguarding lead must act. `risk_to_life` (self-harm, suicide) outranks every
// other concern; the console and the alert outbox act on it.
enum class Urgency : std::uint8_t { normal, risk_to_life };
std::string_view to_string(Urgency u) noexcept;

struct Match {
  std::string rule;  // rule id from rules.toml, or a detector id such as "detector.phone"
  Category category;
  int severity;       // 1 low .. 3 high
  std::size_t start;  // byte offsets into the original text, [start, end)
  std::size_t end;
  // Why a scoring rule fired, for the admin: "asks_age 2 + secrecy 2 = 4 (threshold 4)".
  // Empty for list and "near" rules, whose matched text is their explanation.
  std::string why = {};
  Urgency urgency = Urgency::normal;
  bool operator==(const Match&) const = default;
};

struct Verdict {
  std::vector<Match> matches;  // sorted by (start, end, rule); deterministic
  CategorySet categories;
  Urgency urgency = Urgency::normal;  // the highest urgency of any match

  bool clean() const noexcept { return categories.empty(); }
};

}  // namespace hm::filters
