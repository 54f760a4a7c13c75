// How a comment's permalink is kept: its shared part once in `link_prefixes`, the rest on the
// comment. Comments on one post (Facebook), one media (Instagram: every comment's link is the
// media's) or by one author (X: x.com/NAME/status/ID) share everything up to the link's last '/'
// or '=', so storing that once per post or author saves most of each link's bytes.
//
// What is left is usually the platform's comment id again: Facebook links a comment as
// ...?comment_id=C where its id is POST_C, X as .../status/ID. Such a rest is stored as an empty
// blob (no bytes) and read back from the id (migration 14).
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

// The part of a platform comment id that its link ends with, when it does: after the id's first
// '_', or the whole id when it has none. The same rule as the SQL below.
inline std::string_view id_tail(std::string_view platform_comment_id) {
  const auto cut = platform_comment_id.find('_');
  return cut == std::string_view::npos ? platform_comment_id : platform_comment_id.substr(cut + 1);
}

// The whole link again, in SQL over `comments c` (NULL when the comment's link was erased). A
// macro so that it joins the string literals of the queries that read it at compile time.
#define HM_SQL_PERMALINK_OF_C                                                               \
  "(COALESCE((SELECT lp.prefix FROM link_prefixes lp WHERE lp.id = c.link_prefix), '') || " \
  "CASE typeof(c.permalink) WHEN 'blob' THEN "                                              \
  "substr(c.platform_comment_id, instr(c.platform_comment_id, '_') + 1) "                   \
  "ELSE c.permalink END)"

}  // namespace hm::store
