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
