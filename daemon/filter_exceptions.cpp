#include "daemon/filter_exceptions.hpp"

#include "filters/filter_exception.hpp"

namespace hm::daemon {

void FilterExceptions::replace(std::vector<Entry> entries) {
  std::set<Entry, std::less<>> fresh(std::make_move_iterator(entries.begin()),
                                     std::make_move_iterator(entries.end()));
  std::lock_guard lock(mutex_);
  entries_.swap(fresh);
}

void FilterExceptions::add(std::string school, std::string text) {
  std::lock_guard lock(mutex_);
  entries_.emplace(std::move(school), std::move(text));
}

void FilterExceptions::remove(const std::string& school, const std::string& text) {
  std::lock_guard lock(mutex_);
  entries_.erase(Entry{school, text});
}

bool FilterExceptions::covers(std::string_view school, std::string_view comment_text) const {
  Entry key{std::string(school), filters::exception_text(comment_text)};  // outside the lock
  std::lock_guard lock(mutex_);
  return entries_.contains(key);
}

}  // namespace hm::daemon
