#include "filters/learned/text_features.hpp"

#include <algorithm>

#include "filters/learned/byte_codec.hpp"

namespace hm::filters::learned {
namespace {

bool is_ascii_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
// Letters, digits, an apostrophe inside a word, and every non-ASCII byte (so accented words,
// "£" and emoji stay whole; the model needs no Unicode tables to hash them).
bool is_word_byte(unsigned char c) {
  return is_ascii_letter(c) || is_digit(c) || c == '\'' || c >= 0x80;
}
// Punctuation that carries weight in spam ("!!!", "$", "%", "@user", "#tag", "+44").
bool is_signal_punctuation(unsigned char c) {
  return c == '!' || c == '?' || c == '$' || c == '%' || c == '@' || c == '#' || c == '&' ||
         c == '*' || c == '+';
}

// The length of "http://", "https://" or "www." at the start of `rest`, or 0.
std::size_t link_prefix(std::string_view rest) {
  auto starts = [&](std::string_view p) {
    if (rest.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if ((rest[i] | 0x20) != p[i]) return false;
    return true;
  };
  if (starts("https://")) return 8;
  if (starts("http://")) return 7;
  return starts("www.") ? 4 : 0;
}

bool host_within(std::string_view host, std::string_view domain) {
  if (host.size() < domain.size() || host.substr(host.size() - domain.size()) != domain)
    return false;
  return host.size() == domain.size() || host[host.size() - domain.size() - 1] == '.';
}

// A link to a school's own site, or to a UK school, council or NHS site, is what a school page
// links to every day: it is no evidence of spam, whatever the training data says about links.
bool trusted_host(std::string_view host, const std::vector<std::string>& own_domains) {
  for (std::string_view d : {"sch.uk", "gov.uk", "nhs.uk"})
    if (host_within(host, d)) return true;
  for (const auto& d : own_domains)
    if (!d.empty() && host_within(host, d)) return true;
  return false;
}

// A run of digits says what kind of number it is, not which: "#07:11" is an 11-digit number
// starting 07 (a UK mobile), "#09:11" a premium-rate one, "#18" a short number as written.
std::string number_token(std::string_view digits) {
  if (digits.size() <= 2) return "#" + std::string(digits);
  return "#" + std::string(digits.substr(0, 2)) + ":" + std::to_string(digits.size());
}

// The comment as tokens: lower-cased words (digits inside words read as 0), number shapes,
// "<url>", signal punctuation, and "<caps>" after a shouted word.
std::vector<std::string> tokens(std::string_view text,
                                const std::vector<std::string>& own_domains) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (const std::size_t prefix = link_prefix(text.substr(i)); prefix > 0) {
      std::string host;
      std::size_t j = i + prefix;
      if (text.substr(j, 4) == "www.") j += 4;
      for (; j < text.size() && static_cast<unsigned char>(text[j]) > ' '; ++j) {
        const char h = char(text[j] | 0x20);
        if (text[j] == '/' || text[j] == '?' || text[j] == '#' || text[j] == ':') break;
        host += h;
      }
      out.emplace_back(trusted_host(host, own_domains) ? "<trusted-url>" : "<url>");
      i = j;
      while (i < text.size() && static_cast<unsigned char>(text[i]) > ' ') ++i;
      continue;
    }
    if (is_signal_punctuation(c)) {
      std::size_t j = i;
      while (j < text.size() && text[j] == text[i]) ++j;
      out.emplace_back(j - i > 1 ? std::string(2, char(c)) : std::string(1, char(c)));
      i = j;
      continue;
    }
    if (!is_word_byte(c) || c == '\'') {
      ++i;
      continue;
    }
    std::size_t j = i;
    bool all_digits = true, any_letter = false, all_upper = true;
    while (j < text.size() && is_word_byte(static_cast<unsigned char>(text[j]))) {
      const auto b = static_cast<unsigned char>(text[j]);
      all_digits = all_digits && is_digit(b);
      if (is_ascii_letter(b)) {
        any_letter = true;
        all_upper = all_upper && b <= 'Z';
      }
      ++j;
    }
    const std::string_view word = text.substr(i, j - i);
    if (all_digits) {
      out.push_back(number_token(word));
    } else {
      std::string w(word);
      for (char& b : w) {
        if (b >= 'A' && b <= 'Z') b = char(b | 0x20);
        if (is_digit(static_cast<unsigned char>(b))) b = '0';
      }
      while (!w.empty() && w.back() == '\'') w.pop_back();
      out.push_back(std::move(w));
      if (any_letter && all_upper && word.size() >= 3) out.emplace_back("<caps>");
    }
    i = j;
  }
  return out;
}

}  // namespace

std::uint32_t feature_slot(std::string_view name) noexcept {
  // FNV-1a, 64 bits, folded to the slot count.
  const std::uint64_t h = fnv1a64(name);
  return static_cast<std::uint32_t>((h ^ (h >> 32)) & (kFeatureSlots - 1));
}

void for_each_feature(std::string_view text, const std::function<void(std::string_view)>& visit,
                      const std::vector<std::string>& own_domains) {
  const auto toks = tokens(text, own_domains);
  std::string name;
  for (std::size_t t = 0; t < toks.size(); ++t) {
    const std::string& w = toks[t];
    name.assign("w:").append(w);
    visit(name);
    if (t + 1 < toks.size()) {
      name.assign("b:").append(w).append(" ").append(toks[t + 1]);
      visit(name);
    }
    if (w.size() < 3 || w[0] == '<' || w[0] == '#') continue;
    const std::string bounded = "<" + w + ">";
    for (std::size_t n = 3; n <= 5; ++n)
      for (std::size_t at = 0; at + n <= bounded.size(); ++at) {
        name.assign("g:").append(bounded, at, n);
        visit(name);
      }
  }
}

std::vector<std::uint32_t> feature_slots(std::string_view text,
                                         const std::vector<std::string>& own_domains) {
  std::vector<std::uint32_t> slots;
  for_each_feature(
      text, [&](std::string_view name) { slots.push_back(feature_slot(name)); }, own_domains);
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

}  // namespace hm::filters::learned
