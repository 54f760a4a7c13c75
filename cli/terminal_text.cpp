#include "cli/terminal_text.hpp"

#include <cstdio>

#include "filters/utf8.hpp"

namespace hm::cli {
namespace {

bool dangerous(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||  // C0, DEL, C1 (ESC, CSI)
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||  // bidi overrides
         cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0xFFFD ||
         (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF || cp == 0x2028 || cp == 0x2029;
}

}  // namespace

std::string terminal_safe(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    if (out.size() >= max_bytes) {
      out += "…";
      break;
    }
    std::size_t len = 1;
    char32_t cp = hm::filters::utf8::decode(text, pos, len);
    if (dangerous(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04X",
                    unsigned(cp == 0xFFFD && len == 1 ? (unsigned char)text[pos] : cp));
      out += buf;
    } else {
      out.append(text.substr(pos, len));
    }
    pos += len;
  }
  return out;
}

}  // namespace hm::cli
