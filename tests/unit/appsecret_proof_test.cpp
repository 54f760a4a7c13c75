// appsecret_proof (HMAC-SHA256 vectors) and the Instagram refresh endpoint's URL.
#include <doctest/doctest.h>

#include "connectors/appsecret_proof.hpp"
#include "connectors/instagram_token_refresh.hpp"
#include "connectors/url_tools.hpp"

using namespace hm::connectors;

TEST_CASE("appsecret_proof is hex HMAC-SHA256 of the token keyed with the app secret") {
  // RFC 4231 test case 2 (key "Jefe"), and the well-known "quick brown fox" vector.
  CHECK(appsecret_proof("what do ya want for nothing?", "Jefe") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(appsecret_proof("The quick brown fox jumps over the lazy dog", "key") ==
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  // A key longer than SHA-256's block (RFC 4231 test case 6).
  CHECK(appsecret_proof("Test Using Larger Than Block-Size Key - Hash Key First",
                        std::string(131, '\xaa')) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("the Instagram refresh endpoint is unversioned, on the channel's host") {
  CHECK(refresh_token_url(*parse_https_url("https://graph.instagram.com/v25.0")).buffer() ==
        "https://graph.instagram.com/refresh_access_token");
  CHECK(refresh_token_url(*parse_https_url("https://127.0.0.1:8443/graph.instagram.com/v27.0/"))
            .buffer() == "https://127.0.0.1:8443/graph.instagram.com/refresh_access_token");
}
