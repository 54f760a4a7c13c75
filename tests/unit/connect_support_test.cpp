// hallmonitorctl connect's pure pieces: PKCE values, the pasted redirect, Pages, error words,
// the credentials file and the config lines.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "cli/connect_support.hpp"
#include "support/temp_dir.hpp"

using namespace hm::cli::connect;

TEST_CASE("PKCE: the S256 challenge of a known digest; verifiers in the unreserved alphabet") {
  // SHA-256("abc") (FIPS 180-2's test vector) in unpadded base64url.
  CHECK(s256_challenge("abc") == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  const std::string v = random_urlsafe(48);
  CHECK(v.size() == 64);
  CHECK(v.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(random_urlsafe(48) != v);
  CHECK(basic_auth("id", "secret") == "Basic aWQ6c2VjcmV0");
}

TEST_CASE("the pasted redirect URL or bare code; state checked; X's error reported") {
  CHECK(code_from_paste("  https://s.example/cb?state=abc&code=XYZ \n", "abc").code == "XYZ");
  CHECK(code_from_paste("XYZ", "abc").code == "XYZ");
  auto other = code_from_paste("https://s.example/cb?state=old&code=XYZ", "abc");
  CHECK(other.code.empty());
  CHECK(other.error.find("state does not match") != std::string::npos);
  auto denied = code_from_paste("https://s.example/cb?error=access_denied&state=abc", "abc");
  CHECK(denied.error.find("access_denied") != std::string::npos);
  CHECK(code_from_paste("", "abc").error == "nothing was pasted");
}

TEST_CASE("Pages from /me/accounts with tasks and the linked Instagram account") {
  std::string error;
  auto pages = parse_pages(
      R"({"data":[{"id":"1","name":"A","access_token":"t","tasks":["MODERATE"],
      "instagram_business_account":{"id":"178","username":"a"}},{"id":"2","name":"B"}]})",
      error);
  REQUIRE(pages);
  REQUIRE(pages->size() == 2);
  CHECK((*pages)[0].can_moderate());
  CHECK((*pages)[0].instagram_id == "178");
  CHECK_FALSE((*pages)[1].can_moderate());
  CHECK_FALSE(parse_pages("[]", error));
}

TEST_CASE("error words: Graph, OAuth and X problem bodies") {
  CHECK(error_words(400, R"({"error":{"message":"Bad","type":"OAuthException","code":190,
        "error_subcode":463}})") == "Meta says (code 190/463): Bad");
  CHECK(error_words(400, R"({"error":"invalid_request","error_description":"Nope"})") ==
        "the platform says: invalid_request (Nope)");
  CHECK(error_words(502, "<html>") == "HTTP 502 with no error message");
}

TEST_CASE("the credentials file: 0600, never over an existing one unless forced") {
  hm::test::TempDir dir;
  const auto file = dir.path() / "jh-facebook";
  std::string error;
  REQUIRE(write_credentials(file, {{"access_token", "one"}}, false, error));
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(write_credentials(file, {{"access_token", "two"}}, false, error));
  CHECK(error.find("already exists") != std::string::npos);
  CHECK(dir.read("jh-facebook").find("one") != std::string::npos);
  REQUIRE(write_credentials(file, {{"access_token", "two"}}, true, error));
  CHECK(dir.read("jh-facebook").find("two") != std::string::npos);
  CHECK_FALSE(write_credentials(dir.path() / "missing" / "f", {}, false, error));
}

TEST_CASE("the config lines quote what they hold") {
  ChannelLines c{"jh-ig", "instagram", "178", "jh-ig.json", "instagram", "", "/etc/ca \"x\".pem"};
  CHECK(channel_lines(c) ==
        "[[school.channel]]\nid = \"jh-ig\"\nplatform = \"instagram\"\nlogin = \"instagram\"\n"
        "account_id = \"178\"\ncredential = \"jh-ig.json\"\nca_file = \"/etc/ca \\\"x\\\".pem\"\n");
}
