#include "filters/filter_exception.hpp"

#include "filters/char_folding.hpp"
#include "filters/utf8.hpp"

namespace hm::filters {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string exception_text(std::string_view comment_text) {
  std::string folded;
  folded.reserve(comment_text.size());
  for (std::size_t pos = 0; pos < comment_text.size();) {
    std::size_t length = 1;
    const char32_t cp = utf8::decode(comment_text, pos, length);
    if (cp < 0x80)
      folded += char(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
    else
      append_folded(cp, folded);  // NFKC case-fold: a no-break space becomes a space
    pos += length;
  }
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool exception_clears(const Verdict& verdict) noexcept {
  return !verdict.clean() && !verdict.categories.contains(Category::safeguarding);
}

}  // namespace hm::filters
