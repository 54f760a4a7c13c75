// Smaller Graph pages for a listing whose answer is over the client's body limit (8 MiB): a
// few hundred maximum-length comments on the watched posts are enough, and an attacker can post
// them. A listing with nested edges (`comments.limit(100){...}` in `fields`) asks for fewer
// nested items; a plain edge page asks for a smaller `limit`. The number of posts watched is
// never reduced. Sans-io: URL in, URL out.
//
// Error policy: nothing throws; a URL that cannot be made smaller gives std::nullopt.
#pragma once

#include <optional>

#include <boost/url/url.hpp>

namespace hm::connectors::graph {

inline constexpr int kSmallestPage = 1;

// `url` with every nested `.limit(N)` in its `fields` parameter halved (not below
// kSmallestPage) or, when it has none, its `limit` parameter halved (a missing `limit` counts
// as Graph's default of 25). std::nullopt when every limit is already at kSmallestPage.
std::optional<boost::urls::url> with_smaller_pages(const boost::urls::url& url);

// `url` made smaller `halvings` times (as far as it goes).
boost::urls::url shrunk(boost::urls::url url, int halvings);

}  // namespace hm::connectors::graph
