// libFuzzer target over every X API response parser (x_parse.hpp): arbitrary bytes as a body
// (under several HTTP statuses) and as header values must never crash, throw or trip
// ASan/UBSan.
//
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DHM_FUZZ=ON -DBUILD_TESTING=OFF
//   ninja -C build-fuzz fuzz_x_parse
//   build-fuzz/fuzz/fuzz_x_parse -max_total_time=300 fuzz/seeds-x
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "connectors/x_parse.hpp"

using namespace hm::connectors;
using namespace hm::connectors::x;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (unsigned status : {200u, 401u, 429u, 503u}) {
    auto page = parse_tweet_page(status, body);
    if (page.kind == OutcomeKind::ok) {
      for (const auto& t : page.value.tweets) {
        if (t.id.empty()) std::abort();
        if (id_less(t.id, t.id)) std::abort();
      }
    } else if (page.kind == OutcomeKind::problem) {
      (void)classify(page.problem, status);
      (void)page.problem.kind();
    }
    (void)parse_hide(status, body);
    (void)parse_token_response(status, body);
    (void)classify(parse_problem(status, body), status);
  }
  HttpResponse r;
  r.headers = {{"x-rate-limit-limit", std::string(body)},
               {"x-rate-limit-remaining", std::string(body)},
               {"x-rate-limit-reset", std::string(body)}};
  (void)parse_rate_limit(r);
  return 0;
}
