// InstagramConnector against the stricter emulator (issue 13): the account's own comments and
// replies skipped, a hide without instagram_manage_comments stops the channel, and a read
// without instagram_basic stops it too instead of being retried every poll.
#include "connectors/instagram_connector.hpp"
#include "support/connector_fixture.hpp"

using namespace hm::connectors;
using hm::moderation::ActionKind;
using hm::moderation::Platform;
using nlohmann::json;

namespace {

constexpr const char* kAccount = "17841430541631416";
constexpr const char* kToken = "IGQ-user-token-secret";

struct Fixture : hm::test::ConnectorFixture {
  void account(const json& permissions = nullptr) {
    json a = {{"platform", "instagram"},
              {"account_id", kAccount},
              {"username", "josephhood"},
              {"access_token", kToken}};
    if (!permissions.is_null()) a["permissions"] = permissions;
    control.post("/_emulator/accounts", a);
  }
  InstagramConnector make() {
    return InstagramConnector(io.get_executor(), channel(emulator.graph_base(), kAccount),
                              GraphCredentials{kToken}, options());
  }
  std::string comment_by(const std::string& media, const std::string& text,
                         const std::string& author_id, const std::string& username,
                         const std::string& parent = {}) {
    json b = {{"platform", "instagram"},     {"post_id", media},
              {"author_id", author_id},      {"author_name", username},
              {"author_username", username}, {"text", text}};
    if (!parent.empty()) b["parent_id"] = parent;
    return control.post("/_emulator/comments", b).at("id").get<std::string>();
  }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "the account's own comments and replies are skipped") {
  account();
  const auto media = control.add_post("instagram", kAccount, "Our new library");
  const auto c = comment_by(media, "When does it open?", "848067418322071", "a_parent");
  comment_by(media, "Monday!", kAccount, "josephhood", c);  // by id
  // An Instagram-Login token may show the account under another (app-scoped) id: by username.
  comment_by(media, "Everyone welcome", "99887766", "josephhood");
  auto ig = make();
  auto r = fetch(ig, "");
  REQUIRE(r.status == FetchStatus::ok);
  CHECK(ids(r) == std::set<std::string>{c});
  CHECK(fetch(ig, r.next_cursor).comments.empty());
}

TEST_CASE_FIXTURE(Fixture, "a hide without instagram_manage_comments stops the channel") {
  account(json{"instagram_basic"});
  const auto media = control.add_post("instagram", kAccount, "Our new library");
  const auto c = comment_by(media, "rude words", "848067418322071", "a_parent");
  auto ig = make();
  auto hide = apply(ig, action(ActionKind::hide, Platform::instagram, c));
  CHECK(hide.outcome == ActionOutcome::token_invalid);
  CHECK(hide.reason.find("lacks a permission") != std::string::npos);
  CHECK(control.comment(c).at("hidden") == false);
}

TEST_CASE_FIXTURE(Fixture, "a read without instagram_basic stops the channel, not retried") {
  account(json{"instagram_manage_comments"});
  control.add_post("instagram", kAccount, "Our new library");
  auto ig = make();
  auto r = fetch(ig, "");
  CHECK(r.status == FetchStatus::token_invalid);
  CHECK(r.api_calls == 1);
  CHECK(r.message.find("lacks a permission") != std::string::npos);
}
