// A problem found in a file an admin edits (a rule file, a list, the config): where it is and
// what is wrong, written "file:line: message". The one Problem type of the tree: the filters'
// loaders and the config loader report with it.
//
// Error policy: a plain value; nothing here fails.
#pragma once

#include <string>

namespace hm::filters {

struct Problem {
  std::string file;
  int line = 0;  // 0: the problem concerns the whole file
  std::string message;
  std::string str() const {
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
  }
};

}  // namespace hm::filters
