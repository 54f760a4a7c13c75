// libFuzzer target over every Graph API response parser (graph_parse.hpp) and the Graph cursor
// decoder: arbitrary bytes must never crash, throw or trip ASan/UBSan, and what is parsed must
// be self-consistent.
//
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DHM_FUZZ=ON -DBUILD_TESTING=OFF
//   ninja -C build-fuzz fuzz_graph_parse
//   build-fuzz/fuzz/fuzz_graph_parse -max_total_time=300 fuzz/seeds-graph
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "connectors/graph_cursor.hpp"
#include "connectors/graph_parse.hpp"
#include "connectors/url_tools.hpp"

using namespace hm::connectors;
using namespace hm::connectors::graph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  auto posts = parse_post_page(body);
  if (posts.kind == OutcomeKind::ok)
    for (const auto& p : posts.value.posts) {
      if (p.id.empty()) std::abort();
      if (p.comments)
        for (const auto& c : p.comments->comments)
          if (c.id.empty()) std::abort();
    }
  auto comments = parse_comment_page(body);
  if (comments.kind == OutcomeKind::ok) {
    static const auto base = *parse_https_url("https://graph.facebook.com/v25.0");
    if (auto next = safe_next_url(base, comments.value.next))
      if (!same_origin_under(base, *next)) std::abort();
  }
  auto action = parse_action(body);
  if (action.kind == OutcomeKind::error) (void)classify(action.error);
  (void)parse_batch(body);
  (void)parse_error(body);
  const auto usage = parse_usage(body, body, body);
  if (usage.max_percent < 0) std::abort();

  auto seen = SeenComments::decode(body, 64);
  const std::string encoded = seen.encode();
  if (SeenComments::decode(encoded, 64).encode() != encoded) std::abort();
  seen.trim();
  return 0;
}
