// How a comment's permalink is kept: its shared part once in `link_prefixes`, the rest on the
// comment. Comments on one post (Facebook), one media (Instagram: every comment's link is the
// media's) or by one author (X: x.com/NAME/status/ID) share everything up to the link's last '/'
// or '=', so storing that once per post or author saves most of each link's bytes.
//
// Error policy: pure; nothing here fails. A link with no '/' or '=' has no shared part.
#pragma once

#include <string_view>

namespace hm::store {

struct SplitPermalink {
  std::string_view prefix;  // up to and including the last '/' or '='; empty for none
  std::string_view rest;
};

inline SplitPermalink split_permalink(std::string_view link) {
  const auto cut = link.find_last_of("/=");
  if (cut == std::string_view::npos) return {{}, link};
  return {link.substr(0, cut + 1), link.substr(cut + 1)};
}

// The whole link again, in SQL over `comments c` (NULL when the comment's link was erased). A
// macro so that it joins the string literals of the queries that read it at compile time.
#define HM_SQL_PERMALINK_OF_C                                                               \
  "(COALESCE((SELECT lp.prefix FROM link_prefixes lp WHERE lp.id = c.link_prefix), '') || " \
  "c.permalink)"

}  // namespace hm::store
