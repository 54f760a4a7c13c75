// make_connector: credentials files, default endpoints and configuration errors (no network).
#include <doctest/doctest.h>

#include <fstream>

#include <boost/asio/io_context.hpp>

#include <random>
#include "connectors/connector_factory.hpp"
#include "support/temp_dir.hpp"

using namespace hm::connectors;

namespace {
using hm::test::TempDir;
void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}
}  // namespace

TEST_CASE("builds each platform's connector with capabilities from the matrix") {
  TempDir dir;
  boost::asio::io_context io;
  write(dir.path() / "fb", R"({"access_token":"EAAB-secret"})");
  write(dir.path() / "x", R"({"client_id":"c","client_secret":"s","refresh_token":"r"})");
  for (const char* platform : {"facebook", "instagram"}) {
    auto made = make_connector(io.get_executor(), {"ch", platform, "1", dir.path() / "fb", "", ""},
                               dir.path());
    REQUIRE(made.connector);
    CHECK(made.error.empty());
  }
  auto fb = make_connector(io.get_executor(), {"ch", "facebook", "1", dir.path() / "fb", "", ""},
                           dir.path());
  CHECK(fb.connector->capabilities().block);
  auto x =
      make_connector(io.get_executor(), {"ch-x", "x", "1", dir.path() / "x", "", ""}, dir.path());
  REQUIRE(x.connector);
  CHECK_FALSE(x.connector->capabilities().delete_others_comment);
}

TEST_CASE("configuration errors name the channel, never the secret") {
  TempDir dir;
  boost::asio::io_context io;
  write(dir.path() / "bad", R"({"token":"EAAB-secret"})");
  write(dir.path() / "fb", R"({"access_token":"EAAB-secret"})");
  auto unknown = make_connector(io.get_executor(),
                                {"c1", "myspace", "1", dir.path() / "fb", "", ""}, dir.path());
  CHECK_FALSE(unknown.connector);
  CHECK(unknown.error.find("c1") != std::string::npos);
  auto missing = make_connector(io.get_executor(),
                                {"c2", "facebook", "1", dir.path() / "nope", "", ""}, dir.path());
  CHECK_FALSE(missing.connector);
  CHECK(missing.error.find("nope") != std::string::npos);
  auto malformed = make_connector(io.get_executor(),
                                  {"c3", "instagram", "1", dir.path() / "bad", "", ""}, dir.path());
  CHECK_FALSE(malformed.connector);
  CHECK(malformed.error.find("access_token") != std::string::npos);
  CHECK(malformed.error.find("EAAB-secret") == std::string::npos);
  auto http = make_connector(
      io.get_executor(), {"c4", "facebook", "1", dir.path() / "fb", "http://x/v1", ""}, dir.path());
  CHECK_FALSE(http.connector);
  CHECK(http.error.find("https") != std::string::npos);
  auto bad_ca = make_connector(
      io.get_executor(), {"c5", "facebook", "1", dir.path() / "fb", "", dir.path() / "no-ca.pem"},
      dir.path());
  CHECK_FALSE(bad_ca.connector);
  CHECK(bad_ca.error.find("no-ca.pem") != std::string::npos);
}

TEST_CASE("default api_base: one Graph version setting, each Instagram login on its own host") {
  using hm::moderation::Platform;
  CHECK(default_api_base(Platform::facebook, "", "v25.0") == "https://graph.facebook.com/v25.0");
  CHECK(default_api_base(Platform::instagram, "facebook", "v27.0") ==
        "https://graph.facebook.com/v27.0");
  CHECK(default_api_base(Platform::instagram, "instagram", "v25.0") ==
        "https://graph.instagram.com/v25.0");
  CHECK(default_api_base(Platform::x, "", "v25.0") == kXApiBase);
  CHECK(ChannelSpec{}.graph_version == std::string(kDefaultGraphVersion));
}
