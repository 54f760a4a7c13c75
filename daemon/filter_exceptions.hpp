// The live set of filter exceptions, per school (filters/filter_exception.hpp): read from the
// store at start-up and on reload, and kept current by the console's hook when a moderator adds
// or removes one, so the next poll already honours it. Shared by the poll loops and the console;
// every call takes a mutex for a set lookup, never the database.
//
// Error policy: nothing here fails; an unknown school simply has no exceptions.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hm::daemon {

class FilterExceptions {
 public:
  // (school id, exception text as filters::exception_text gives it)
  using Entry = std::pair<std::string, std::string>;

  void replace(std::vector<Entry> entries);
  void add(std::string school, std::string text);
  void remove(const std::string& school, const std::string& text);
  // Whether the school has an exception for this comment text (normalised here).
  bool covers(std::string_view school, std::string_view comment_text) const;

 private:
  mutable std::mutex mutex_;
  std::set<Entry, std::less<>> entries_;
};

}  // namespace hm::daemon
