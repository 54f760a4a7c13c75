// A school's own filter data, compiled: its protected pupils' names and its web domains.
//
// Error policy: built by School::load, which reports bad name lines as Problems.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "filters/normaliser.hpp"
#include "filters/rule_book.hpp"

namespace hm::filters {

class SchoolMatcher {
 public:
  // `surnames`: each protected name's last word, folded; a comment holding none of them cannot
  // name a protected pupil, and a substring search is far cheaper than a regex call.
  SchoolMatcher(std::unique_ptr<RE2> names, std::vector<std::string> surnames,
                std::vector<std::string> own_domains)
      : names_(std::move(names)),
        surnames_(std::move(surnames)),
        own_domains_(std::move(own_domains)) {}

  // Spans (in folded text) of protected full names.
  void find_names(const NormalForm& folded, std::vector<Span>& out) const;
  const std::vector<std::string>& own_domains() const { return own_domains_; }

 private:
  std::unique_ptr<RE2> names_;         // null: the school protects no names
  std::vector<std::string> surnames_;  // empty: no prefilter (long lists go straight to names_)
  std::vector<std::string> own_domains_;
};

}  // namespace hm::filters
