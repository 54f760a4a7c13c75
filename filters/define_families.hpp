// [define] families: a named alternation of list entries that `re:` patterns use as {{name}}, so
// a long family ("identity groups", "words of contempt") is written once and read everywhere.
// A plain entry is literal words; a `re:` entry joins as written, so a grid of words ("gay
// teachers", "disabled parents") is one short pattern instead of hundreds of terms.
//
// Error policy: an entry that cannot be used (a `re:` entry that does not compile or uses
// another family) is reported as a Problem at its file and line and left out; expand() names an
// unknown family and leaves the caller to report it. No I/O: the caller reads the list files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "filters/list_file.hpp"
#include "filters/problem.hpp"

namespace hm::filters {

class DefineFamilies {
 public:
  // One list file's entries, with the path its problems are reported at.
  using ListFile = std::pair<std::string, std::vector<ListEntry>>;

  // Adds family `name` from the entries of its files. False when no entry was usable.
  bool add(const std::string& name, const std::vector<ListFile>& files,
           std::vector<Problem>& problems);

  // Replaces each {{name}} in `pattern` with its family. The unknown "{{name}}", if there is
  // one (the pattern is then left part-expanded).
  std::optional<std::string> expand(std::string& pattern) const;

 private:
  static std::string alternative(const std::string& entry);
  std::map<std::string, std::string> alternations_;  // "{{name}}" → "(?:(?:a|b)\b)"
};

}  // namespace hm::filters
