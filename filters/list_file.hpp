// Reads a filter list: one entry a line, '#' comment lines, blank lines ignored.
//
// Error policy: a missing or unreadable file, a NUL byte or invalid UTF-8 is reported as a
// Problem with its line; the good lines are still returned so every problem shows in one run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "filters/problem.hpp"

namespace hm::filters {

struct ListEntry {
  std::string text;  // trimmed
  int line;
};

std::vector<ListEntry> read_list_file(const std::filesystem::path& file,
                                      std::vector<Problem>& problems);

}  // namespace hm::filters
