// Smaller Graph pages for listings over the body limit (issue 17 item 6): nested edge limits
// are halved first, a plain edge's `limit` otherwise, never below one item.
#include <doctest/doctest.h>

#include "connectors/graph_page_size.hpp"
#include "connectors/url_tools.hpp"

using namespace hm::connectors;

namespace {
std::string param(const boost::urls::url& u, std::string_view key) {
  const auto params = boost::urls::url_view(u).params();
  auto it = params.find(key);
  return it == params.end() ? std::string("(none)") : std::string((*it).value);
}
}  // namespace

TEST_CASE("nested .limit(N) in fields is halved; the number of posts is kept") {
  const auto base = *parse_https_url("https://graph.example/v25.0");
  auto u = endpoint(base, {"1", "published_posts"},
                    {{"limit", "25"},
                     {"fields",
                      "id,comments.filter(stream).limit(100).summary(true){id,message},"
                      "x.limit(7){id}"}});
  auto s = graph::with_smaller_pages(u);
  REQUIRE(s);
  CHECK(param(*s, "limit") == "25");
  CHECK(param(*s, "fields") ==
        "id,comments.filter(stream).limit(50).summary(true){id,message},x.limit(3){id}");
  // Down to one item per nested page, then no smaller page exists.
  auto smallest = graph::shrunk(u, 20);
  CHECK(param(smallest, "fields") ==
        "id,comments.filter(stream).limit(1).summary(true){id,message},x.limit(1){id}");
  CHECK_FALSE(graph::with_smaller_pages(smallest));
  CHECK(param(graph::shrunk(u, 2), "fields").find(".limit(25)") != std::string::npos);
}

TEST_CASE("a plain edge page halves its limit (Graph's default 25 when absent)") {
  auto u = *parse_https_url("https://graph.example/v25.0/1_2/comments?limit=100&after=QQ");
  auto s = graph::with_smaller_pages(u);
  REQUIRE(s);
  CHECK(param(*s, "limit") == "50");
  CHECK(param(*s, "after") == "QQ");
  auto none = endpoint(*parse_https_url("https://graph.example/v25.0"), {"1_2", "replies"},
                       {{"fields", "id,text"}});
  auto d = graph::with_smaller_pages(none);
  REQUIRE(d);
  CHECK(param(*d, "limit") == "12");
  CHECK(param(*d, "fields") == "id,text");
  CHECK_FALSE(graph::with_smaller_pages(*parse_https_url("https://g.example/1/comments?limit=1")));
  CHECK_FALSE(graph::with_smaller_pages(*parse_https_url("https://g.example/1/comments?limit=x")));
}
