// Untrusted input never throws out of the core: random paths, queries and bodies on every route
// family, always answered with some HTTP status.
#include <doctest/doctest.h>

#include <random>

#include "emulator/field_spec.hpp"
#include "emulator/json_response.hpp"
#include "tests/emulator/emulator_fixture.hpp"

using namespace hm::emulator;
using namespace hm::emulator::test;

namespace {
std::string random_text(std::mt19937& rng, std::size_t max_len) {
  static const std::string alphabet = "abcxyz019_-.,(){}[]:=&?%/+ \"'\\@#\x01\xff\xc3\xa9";
  std::uniform_int_distribution<std::size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string s;
  for (std::size_t i = 0, n = len(rng); i < n; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}
}  // namespace

TEST_CASE("random requests are answered, never thrown") {
  Fixture f;
  f.facebook_page();
  f.instagram_user();
  f.x_account();
  auto post = f.post("facebook", kPage, "p");
  auto c = f.comment("facebook", post, "c");
  auto media = f.post("instagram", kIgUser, "m");
  auto xpost = f.post("x", kXUser, "x");
  auto xreply = f.comment("x", xpost, "r", "5");
  std::vector<std::string> prefixes = {"/v25.0/" + kPage + "/published_posts?access_token=fbtok&",
                                       "/v25.0/" + post + "/comments?access_token=fbtok&",
                                       "/v25.0/" + c + "?access_token=fbtok&",
                                       "/v25.0/" + media + "/comments?access_token=igtok&",
                                       "/v25.0/?access_token=fbtok&batch=",
                                       "/2/users/" + kXUser + "/mentions?",
                                       "/2/tweets/search/recent?query=",
                                       "/2/tweets/" + xreply + "/hidden?",
                                       "/2/tweets?",
                                       "/2/oauth2/token?",
                                       "/_emulator/comments/" + c + "/edit?",
                                       "/_emulator/faults?",
                                       "/_emulator/posts?",
                                       "/"};
  std::vector<std::string> params = {
      "fields=",           "limit=",        "after=",      "before=", "since_id=", "max_results=",
      "pagination_token=", "tweet.fields=", "expansions=", "filter=", "order=",    "is_hidden="};
  std::vector<std::string> methods = {"GET", "POST", "DELETE", "PUT", "PATCH"};
  std::mt19937 rng(12345);
  for (int i = 0; i < 3000; ++i) {
    std::string target = prefixes[rng() % prefixes.size()] + params[rng() % params.size()] +
                         percent_encode(random_text(rng, 40)) + random_text(rng, 8);
    std::string body = rng() % 2 ? random_text(rng, 80)
                                 : dump(json{{"text", random_text(rng, 10)}, {"hidden", true}});
    std::map<std::string, std::string> headers = {{"authorization", "Bearer xtok"}};
    if (rng() % 3 == 0) headers["content-type"] = "application/x-www-form-urlencoded";
    Response r;
    CHECK_NOTHROW(
        r = f.emu.handle(make_request(methods[rng() % methods.size()], target, body, headers)));
    CHECK((r.status >= 200 && r.status < 600));
  }
  for (int i = 0; i < 2000; ++i) CHECK_NOTHROW(parse_fields(random_text(rng, 30)));
  // the state still renders
  CHECK(f.state()["calls"].is_array());
}
