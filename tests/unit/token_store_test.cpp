// FileTokenStore: encrypted at rest, atomic replacement, mode 0600, wrong secret refused.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "connectors/token_store.hpp"
#include "support/temp_dir.hpp"

using namespace hm::connectors;
namespace fs = std::filesystem;

namespace {
using hm::test::TempDir;
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("round trip, encryption at rest, mode 0600") {
  TempDir dir;
  const auto file = dir.path() / "tokens" / "jh-x.tokens";
  FileTokenStore store(file, "jh-x", "client-secret-1");
  CHECK_FALSE(store.load());
  CHECK(store.problem().empty());
  StoredTokens t{"ACCESS-TOKEN-abc", "REFRESH-TOKEN-xyz",
                 Time{std::chrono::seconds{1'800'000'000}}};
  store.save(t);
  auto back = store.load();
  REQUIRE(back);
  CHECK(*back == t);
  const std::string raw = slurp(file);
  CHECK(raw.rfind("HMTS1", 0) == 0);
  CHECK(raw.find("ACCESS-TOKEN") == std::string::npos);
  CHECK(raw.find("REFRESH-TOKEN") == std::string::npos);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(fs::exists(file.string() + ".tmp"));

  // Rotation replaces the file; a second store object reads the newest pair.
  StoredTokens t2{"A2", "R2", Time{std::chrono::seconds{1'800'007'200}}};
  store.save(t2);
  FileTokenStore again(file, "jh-x", "client-secret-1");
  CHECK(again.load() == t2);
}

TEST_CASE("wrong secret, other channel or corruption: no tokens, a problem, no secrets") {
  TempDir dir;
  const auto file = dir.path() / "x.tokens";
  FileTokenStore store(file, "jh-x", "secret");
  store.save({"A", "R", Time{}});
  FileTokenStore wrong(file, "jh-x", "other");
  CHECK_FALSE(wrong.load());
  CHECK(wrong.problem().find("decrypt") != std::string::npos);
  FileTokenStore other_channel(file, "jh-y", "secret");
  CHECK_FALSE(other_channel.load());
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x01');
  }
  CHECK_FALSE(store.load());
  CHECK_FALSE(store.problem().empty());
  std::ofstream(file, std::ios::trunc) << "plain";
  CHECK_FALSE(store.load());
}

TEST_CASE("a failed save leaves the previous file intact") {
  TempDir dir;
  const auto file = dir.path() / "x.tokens";
  FileTokenStore store(file, "c", "s");
  store.save({"A1", "R1", Time{}});
  // The temp file's name is taken by a directory: the write fails, the old file survives.
  fs::create_directories(file.string() + ".tmp");
  CHECK_THROWS_AS(store.save({"A2", "R2", Time{}}), std::runtime_error);
  CHECK(store.load()->refresh_token == "R1");
}

TEST_CASE("the seed: hex BLAKE2b-256 of the credentials file's bytes") {
  // BLAKE2b-256 of the empty input (RFC 7693 parameters, 32-byte digest, no key).
  CHECK(credentials_seed("") == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  const std::string a = R"({"client_id":"c","client_secret":"s","refresh_token":"r1"})";
  const std::string b = R"({"client_id":"c","client_secret":"s","refresh_token":"r2"})";
  CHECK(credentials_seed(a).size() == 64);
  CHECK(credentials_seed(a) == credentials_seed(a));
  CHECK(credentials_seed(a) != credentials_seed(b));
}

TEST_CASE("the seed rule: a replaced credentials file wins over stored tokens") {
  StoredTokens t{"A", "R", Time{}, "seed-1"};
  CHECK(stored_tokens_current(t, "seed-1"));
  CHECK_FALSE(stored_tokens_current(t, "seed-2"));  // the admin replaced the file
  CHECK(stored_tokens_current(t, ""));              // no rule asked for
  t.seed.clear();
  CHECK(stored_tokens_current(t, "seed-2"));  // saved before the rule: adopted

  TempDir dir;
  const auto file = dir.path() / "x.tokens";
  const std::string first = credentials_seed("credentials v1");
  const std::string second = credentials_seed("credentials v2");
  FileTokenStore store(file, "jh-x", "client-secret", first);
  store.save({"A1", "R1-rotated", Time{}});  // no seed given: stamped with the store's
  auto back = store.load();
  REQUIRE(back);
  CHECK(back->seed == first);
  CHECK(back->refresh_token == "R1-rotated");

  // Same client secret (the file still decrypts), new credentials file: not used.
  FileTokenStore replaced(file, "jh-x", "client-secret", second);
  CHECK_FALSE(replaced.load());
  CHECK(replaced.problem().find("new credentials file wins") != std::string::npos);
  replaced.save({"A2", "R2", Time{}});
  REQUIRE(replaced.load());
  CHECK(replaced.load()->seed == second);
  CHECK_FALSE(store.load());  // and the old file's tokens are gone for good
}

TEST_CASE("tokens saved before the seed rule are adopted, then stamped") {
  TempDir dir;
  const auto file = dir.path() / "x.tokens";
  FileTokenStore legacy(file, "jh-x", "secret");  // no seed: as before the rule
  legacy.save({"A", "R-live", Time{}});
  FileTokenStore now(file, "jh-x", "secret", credentials_seed("creds"));
  auto back = now.load();
  REQUIRE(back);
  CHECK(back->refresh_token == "R-live");
  CHECK(back->seed.empty());
  now.save({"A2", "R2", Time{}});
  CHECK(now.load()->seed == credentials_seed("creds"));
}
