// A problem found in a rule file or list: where it is and what is wrong.
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
