#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "filters/detectors/detectors.hpp"

namespace hm::filters::detectors {

void postcodes(std::string_view original, std::vector<Found>& out) {
  // Royal Mail's outward/inward formats; inward letters exclude C I K M O V.
  static const RE2 postcode(
      R"(\b((?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b)");
  re2::StringPiece input(original.data(), original.size()), found;
  while (RE2::FindAndConsume(&input, postcode, &found)) {
    std::size_t start = std::size_t(found.data() - original.data());
    out.push_back({start, start + found.size()});
  }
}

void street_addresses(std::string_view original, std::vector<Found>& out) {
  static const RE2 address(
      R"((?i)\b(\d{1,4}[a-z]?),?\s+((?:[a-z][a-z'’-]*\s+){1,3}?)()" HM_STREET_TYPES R"()\b)");
  // Words that make "2 kids at the park" a sentence rather than an address.
  static constexpr std::string_view not_a_name[] = {
      "the",   "a",     "an",       "at",     "in",      "on",     "to",    "of",     "and",
      "or",    "for",   "by",       "from",   "with",    "my",     "our",   "your",   "his",
      "her",   "their", "its",      "this",   "that",    "is",     "are",   "was",    "were",
      "be",    "kids",  "children", "people", "minutes", "mins",   "hours", "days",   "weeks",
      "years", "times", "more",     "other",  "down",    "up",     "along", "across", "off",
      "into",  "near",  "way",      "mile",   "miles",   "metres", "yards", "steps",  "houses",
      "doors", "cars",  "per",      "each",   "every"};
  re2::StringPiece input(original.data(), original.size()), number, name, type;
  while (RE2::FindAndConsume(&input, address, &number, &name, &type)) {
    const std::size_t start = std::size_t(number.data() - original.data());
    // A price is not a house number: "£10 per walk", "$5 a lane".
    const std::string_view before = original.substr(0, start);
    if (before.ends_with("£") || before.ends_with("$") || before.ends_with("€")) continue;
    bool real_name = true;
    std::string word;
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (i < name.size() && !std::isspace(static_cast<unsigned char>(name[i]))) {
        word += char(std::tolower(static_cast<unsigned char>(name[i])));
        continue;
      }
      if (!word.empty() &&
          std::find(std::begin(not_a_name), std::end(not_a_name), word) != std::end(not_a_name))
        real_name = false;
      word.clear();
    }
    if (!real_name) continue;
    std::size_t end = std::size_t(type.data() + type.size() - original.data());
    out.push_back({start, end});
  }
}

}  // namespace hm::filters::detectors
