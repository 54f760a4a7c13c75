// A regex compiled on first use (filters/learned/lazy_regex.hpp): checked when made, built when
// asked, the same from every thread.
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "filters/learned/lazy_regex.hpp"

using hm::filters::learned::LazyRegex;

TEST_CASE("a lazy regex reports a bad pattern when made and compiles on first use") {
  RE2::Options options;
  options.set_log_errors(false);
  std::string error;
  CHECK_FALSE(LazyRegex::make("(unclosed", options, error));
  CHECK(error.find("missing )") != std::string::npos);

  error.clear();
  auto re = LazyRegex::make(R"(\bgone\s+missing\b)", options, error);
  REQUIRE(re);
  CHECK(error.empty());
  CHECK(re->pattern() == R"(\bgone\s+missing\b)");
  CHECK_FALSE(re->compiled());
  // Four threads ask at once: one builds it, all see the same regex.
  std::vector<const RE2*> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = &re->get(); });
  for (auto& t : threads) t.join();
  CHECK(re->compiled());
  for (const RE2* r : seen) CHECK(r == seen[0]);
  CHECK(RE2::PartialMatch("he has gone missing again", re->get()));
  CHECK_FALSE(RE2::PartialMatch("lovely sports day", re->get()));
}
