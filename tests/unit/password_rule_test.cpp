// The password rule (store/password_rule.hpp): length is not enough; repeated, sequential,
// common and name-bearing passwords are refused with a sentence saying what to do.
#include "store/password_rule.hpp"

#include <doctest/doctest.h>

using hm::store::password_problem;

TEST_CASE("guessable passwords of any length are refused, with advice") {
  for (std::string_view weak :
       {"aaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaa", "abababababab", "123456789012",
        "abcdefghijklmnop", "aaaabbbbccccdddd", "password1234", "Password123!", "P@ssw0rd2024!",
        "passwordpassword", "qwertyuiop123", "letmein!letmein!", "iloveyou2025", "!!!!1234!!!!",
        "hallmonitor2025", "Liverpool1892"}) {
    CAPTURE(weak);
    const auto problem = password_problem(weak, "head", 12);
    REQUIRE(problem);
    CHECK(problem->find("passphrase") != std::string::npos);
  }
  CHECK(password_problem("mrs.jones-head-2025", "mrs.jones", 12)->find("user name") !=
        std::string::npos);
  CHECK(password_problem("MRS.JONES is here today", "mrs.jones", 12));
  CHECK(password_problem("short one", "x", 12)->starts_with("a password needs at least 12"));
}

TEST_CASE("passphrases and random passwords pass") {
  for (std::string_view good : {"correct horse battery staple", "kettle orbit parsnip lantern",
                                "a long test password 42", "fuzzing passphrase", "Tq7#vL9!pZ2w",
                                "çà et là sur la colline", "три слова вместе здесь"}) {
    CAPTURE(good);
    CHECK_FALSE(password_problem(good, "head", 12));
  }
}
