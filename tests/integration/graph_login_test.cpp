// The Graph connectors' credentials against hallmonitor-emulator: Instagram with Instagram
// Login (graph.instagram.com, 60-day tokens refreshed and kept in the token store, a rewritten
// credentials file winning over a stored token), each login's token refused on the other host,
// and appsecret_proof on every call, batch requests included.
#include <fstream>

#include "connectors/connector_factory.hpp"
#include "connectors/facebook_connector.hpp"
#include "connectors/instagram_connector.hpp"
#include "support/connector_fixture.hpp"
#include "support/temp_dir.hpp"

using namespace hm::connectors;
using hm::moderation::ActionKind;
using hm::moderation::Platform;

namespace {

constexpr const char* kAccount = "17841430541631416";
constexpr const char* kToken = "IGAA-instagram-login-secret";
constexpr long long kDay = 86400;

struct LoginFixture : hm::test::ConnectorFixture {
  LoginFixture() {
    account(kAccount, kToken, "instagram");
    media_id = control.add_post("instagram", kAccount, "Our new library");
    comment_id = control.add_comment("instagram", media_id, "Amazing!");
  }
  void account(const std::string& id, const std::string& token, const std::string& login,
               hm::test::json extra = hm::test::json::object()) {
    hm::test::json body = {{"platform", "instagram"},
                           {"account_id", id},
                           {"username", "josephhood"},
                           {"login", login},
                           {"access_token", token}};
    body.update(extra);
    control.post("/_emulator/accounts", body);
  }
  // The emulated graph.instagram.com (emulator/README.md).
  std::string instagram_base() const { return emulator.origin() + "/graph.instagram.com/v25.0"; }
  void advance(long long seconds) {
    control.post("/_emulator/clock", {{"advance_seconds", seconds}});
    clock += std::chrono::seconds{seconds};
  }
  InstagramConnector make(
      const std::string& base, const std::string& token,
      std::shared_ptr<TokenStore> store = std::make_shared<MemoryTokenStore>()) {
    return InstagramConnector(io.get_executor(), channel(base, kAccount), GraphCredentials{token},
                              options(), InstagramLogin{store, "seed", clock});
  }
  std::string media_id, comment_id;
};

}  // namespace

TEST_CASE_FIXTURE(LoginFixture, "Instagram Login reads and hides on graph.instagram.com only") {
  auto ig = make(instagram_base(), kToken);
  auto r = fetch(ig, "");
  REQUIRE(r.status == FetchStatus::ok);
  CHECK(ids(r) == std::set<std::string>{comment_id});
  auto hide = apply(ig, action(ActionKind::hide, Platform::instagram, comment_id));
  CHECK(hide.outcome == ActionOutcome::done);
  CHECK(control.comment(comment_id).at("hidden") == true);

  // The same token on graph.facebook.com: "Cannot parse access token", the channel stops.
  auto elsewhere = make(emulator.graph_base(), kToken);
  auto refused = fetch(elsewhere, "");
  CHECK(refused.status == FetchStatus::token_invalid);
  CHECK(refused.message.find("Cannot parse access token") != std::string::npos);
  CHECK(refused.message.find(kToken) == std::string::npos);
}

TEST_CASE_FIXTURE(LoginFixture, "Instagram Login reads /me/media: either of the account's ids") {
  // graph.instagram.com's /me answers an app-scoped `id` and the account's `user_id`; an admin
  // may copy either into account_id.
  InstagramConnector ig(io.get_executor(), channel(instagram_base(), "27000000000000001"),
                        GraphCredentials{kToken}, options(),
                        InstagramLogin{std::make_shared<MemoryTokenStore>(), "seed", clock});
  auto r = fetch(ig, "");
  REQUIRE(r.status == FetchStatus::ok);
  CHECK(ids(r) == std::set<std::string>{comment_id});
  CHECK(control.calls("/me/media") == 1);
}

TEST_CASE_FIXTURE(LoginFixture, "a Facebook-login token is refused on graph.instagram.com") {
  account("17841400000000002", "IGQ-facebook-login", "facebook");
  InstagramConnector ig(io.get_executor(), channel(instagram_base(), "17841400000000002"),
                        GraphCredentials{"IGQ-facebook-login"}, options());
  CHECK(fetch(ig, "").status == FetchStatus::token_invalid);
  InstagramConnector right(io.get_executor(), channel(emulator.graph_base(), "17841400000000002"),
                           GraphCredentials{"IGQ-facebook-login"}, options());
  CHECK(fetch(right, "").status == FetchStatus::ok);
}

TEST_CASE_FIXTURE(LoginFixture, "an expired Instagram-login token stops the channel plainly") {
  auto ig = make(instagram_base(), kToken);
  REQUIRE(fetch(ig, "").status == FetchStatus::ok);
  advance(61 * kDay);  // never polled in between: past its 60 days
  auto r = fetch(ig, "");
  CHECK(r.status == FetchStatus::token_invalid);
  CHECK(r.message.find("60 days") != std::string::npos);
  CHECK(r.message.find("credentials file") != std::string::npos);
  CHECK(r.message.find(kToken) == std::string::npos);
  CHECK(control.calls("refresh_access_token") == 1);
}

TEST_CASE_FIXTURE(LoginFixture,
                  "refreshed before expiry, kept in the token store; a new credentials file wins") {
  hm::test::TempDir dir;
  const auto file = dir.path() / "ig-login.json";
  const auto state = dir.path() / "state";
  auto write_credentials = [&](const std::string& token) {
    std::ofstream(file) << R"({"access_token":")" << token << R"(","app_secret":"app-secret"})";
    std::filesystem::last_write_time(
        file, std::chrono::file_clock::from_sys(std::chrono::sys_seconds{clock}));
  };
  auto connect = [&] {
    ChannelSpec spec{"ig-login",       "instagram",        kAccount,   file,
                     instagram_base(), emulator.ca_file(), "instagram"};
    auto made = make_connector(io.get_executor(), spec, state, options());
    REQUIRE(made.connector);
    return std::move(made.connector);
  };
  write_credentials(kToken);
  auto ig = connect();
  REQUIRE(fetch(*ig, "").status == FetchStatus::ok);
  CHECK(control.calls("refresh_access_token") == 0);  // Meta refreshes only day-old tokens

  advance(2 * kDay);
  REQUIRE(fetch(*ig, "").status == FetchStatus::ok);
  CHECK(control.calls("refresh_access_token") == 1);
  std::ifstream in(file);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  FileTokenStore store(state / "tokens" / "ig-login.tokens", "ig-login", "app-secret",
                       credentials_seed(bytes));
  auto kept = store.load();
  REQUIRE(kept);
  CHECK(kept->access_token != kToken);
  CHECK(kept->access_expires_at == clock + std::chrono::seconds{60 * kDay});

  // Day 61: the credentials file's token has expired; after a restart the stored one is used.
  advance(59 * kDay);
  ig = connect();
  REQUIRE(fetch(*ig, "").status == FetchStatus::ok);

  // The admin re-authorises (a new token, good for 200 days) and rewrites the credentials file.
  // Day 125: every token the store held has expired, so only the new file's token can work.
  account(kAccount, "IGAA-reauthorised", "instagram", {{"expires_in", 200 * kDay}});
  write_credentials("IGAA-reauthorised");
  advance(64 * kDay);
  ig = connect();
  auto after = fetch(*ig, "");
  CHECK(after.status == FetchStatus::ok);
  CHECK(after.message.empty());
}

TEST_CASE_FIXTURE(LoginFixture, "appsecret_proof: required by the app, sent on every call") {
  constexpr const char* kPage = "448242228374517";
  control.post("/_emulator/accounts", {{"platform", "facebook"},
                                       {"account_id", kPage},
                                       {"access_token", "EAAB-page-token"},
                                       {"app_secret", "app-secret-1"},
                                       {"require_app_secret", true}});
  std::set<std::string> expected;
  std::string first_comment;
  for (int p = 0; p < 3; ++p) {
    const auto post = control.add_post("facebook", kPage, "post " + std::to_string(p));
    for (int i = 0; i < 150; ++i)
      expected.insert(control.add_comment("facebook", post, "comment " + std::to_string(i)));
    if (first_comment.empty()) first_comment = *expected.begin();
  }
  FacebookConnector without(io.get_executor(), channel(emulator.graph_base(), kPage),
                            GraphCredentials{"EAAB-page-token"}, options());
  auto refused = fetch(without, "");
  CHECK(refused.status != FetchStatus::ok);
  CHECK(refused.message.find("appsecret_proof") != std::string::npos);

  FacebookConnector with(io.get_executor(), channel(emulator.graph_base(), kPage),
                         GraphCredentials{"EAAB-page-token", "app-secret-1"}, options());
  const int before = control.calls();
  auto r = fetch(with, "");
  REQUIRE(r.status == FetchStatus::ok);
  CHECK(ids(r) == expected);
  CHECK(r.api_calls == 2);  // the posts, then one batch of further pages (proof at its top level)
  int batched = 0;
  const auto calls = control.state().at("calls");
  for (std::size_t i = static_cast<std::size_t>(before); i < calls.size(); ++i) {
    batched += calls[i].value("batched", false);
    CHECK(calls[i].at("path").get<std::string>().find("EAAB-page-token") == std::string::npos);
  }
  CHECK(batched == 3);
  auto hide = apply(with, action(ActionKind::hide, Platform::facebook, first_comment));
  CHECK(hide.outcome == ActionOutcome::done);
}
