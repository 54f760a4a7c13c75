#include "filters/list_file.hpp"

#include <fstream>

#include "filters/utf8.hpp"

namespace hm::filters {
namespace {

constexpr std::size_t kMaxEntryBytes = 1000;

bool valid_utf8(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t len = 1;
    if (utf8::decode(s, pos, len) == utf8::kReplacement && s.substr(pos, 3) != "\xEF\xBF\xBD")
      return false;
    pos += len;
  }
  return true;
}

}  // namespace

std::vector<ListEntry> read_list_file(const std::filesystem::path& file,
                                      std::vector<Problem>& problems) {
  std::vector<ListEntry> entries;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems.push_back({file.string(), 0, "cannot read list file"});
    return entries;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // byte-order mark
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    auto last = line.find_last_not_of(" \t");
    std::string text = line.substr(first, last - first + 1);
    if (text.find('\0') != std::string::npos) {
      problems.push_back({file.string(), number, "NUL byte in entry"});
    } else if (!valid_utf8(text)) {
      problems.push_back({file.string(), number, "entry is not valid UTF-8"});
    } else if (text.size() > kMaxEntryBytes) {
      problems.push_back({file.string(), number, "entry longer than 1000 bytes"});
    } else {
      entries.push_back({std::move(text), number});
    }
  }
  return entries;
}

}  // namespace hm::filters
