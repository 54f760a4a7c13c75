// FacebookConnector against the stricter emulator (issue 13): permissions checked per call,
// 100/33 on an action confirmed by a read before it counts as "already gone", configuration and
// permission errors that stop the channel instead of being retried, `from` missing without
// pages_read_user_content, the watched edges (feed, published_posts) and the Page's own
// comments skipped.
#include "connectors/facebook_connector.hpp"
#include "support/connector_fixture.hpp"

using namespace hm::connectors;
using hm::moderation::ActionKind;
using hm::moderation::Platform;
using nlohmann::json;

namespace {

constexpr const char* kPage = "448242228374517";
constexpr const char* kToken = "EAAB-page-token-secret";

struct Fixture : hm::test::ConnectorFixture {
  // `permissions`: null = all the product needs (the key absent).
  void page(const json& permissions = nullptr) {
    json account = {{"platform", "facebook"},
                    {"account_id", kPage},
                    {"name", "Joseph Hood Primary"},
                    {"access_token", kToken}};
    if (!permissions.is_null()) account["permissions"] = permissions;
    control.post("/_emulator/accounts", account);
  }
  FacebookConnector make(std::vector<std::string> watch = {"feed"}) {
    auto settings = channel(emulator.graph_base(), kPage);
    settings.watch = std::move(watch);
    return FacebookConnector(io.get_executor(), settings, GraphCredentials{kToken}, options());
  }
  std::string post(const std::string& origin = "own") {
    return control
        .post("/_emulator/posts", {{"platform", "facebook"},
                                   {"account_id", kPage},
                                   {"text", "a post"},
                                   {"origin", origin}})
        .at("id")
        .get<std::string>();
  }
};

const json kAll = {"pages_read_engagement", "pages_manage_engagement", "pages_read_user_content",
                   "pages_show_list"};
const json kNoManage = {"pages_read_engagement", "pages_read_user_content", "pages_show_list"};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "100/33 on a hide without pages_manage_engagement stops the channel") {
  page(kNoManage);
  const auto p = post();
  const auto c = control.add_comment("facebook", p, "rude words", "7001");
  auto fb = make();
  auto hide = apply(fb, action(ActionKind::hide, Platform::facebook, c));
  // Meta answers 100/33 for a missing permission too: a read shows the comment is still there.
  CHECK(hide.outcome == ActionOutcome::token_invalid);
  CHECK(hide.reason.find("still there") != std::string::npos);
  CHECK(hide.reason.find("pages_manage_engagement") != std::string::npos);
  CHECK(hide.reason.find(kToken) == std::string::npos);
  CHECK(control.comment(c).at("hidden") == false);

  // A comment that really is gone still counts as done (already gone), after the read.
  page(kAll);
  auto fb2 = make();
  auto del = apply(fb2, action(ActionKind::delete_comment, Platform::facebook, c));
  REQUIRE(del.outcome == ActionOutcome::done);
  auto again = apply(fb2, action(ActionKind::hide, Platform::facebook, c));
  CHECK(again.outcome == ActionOutcome::already_gone);
  CHECK(again.reason.find("confirms") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "a block without the permission is a permission problem, not gone") {
  page(kNoManage);
  const auto p = post();
  const auto c = control.add_comment("facebook", p, "rude words", "7001");
  auto fb = make();
  auto block = apply(fb, action(ActionKind::block, Platform::facebook, c, "7001"));
  CHECK(block.outcome == ActionOutcome::token_invalid);  // (#200): stops the channel
  CHECK(block.reason.find("permission") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "no pages_read_engagement: the poll stops the channel, not retried") {
  page(json{"pages_manage_engagement", "pages_show_list"});
  post();
  auto fb = make();
  auto r = fetch(fb, "");
  CHECK(r.status == FetchStatus::token_invalid);
  CHECK(r.api_calls == 1);
  CHECK(r.message.find("Graph error 10") != std::string::npos);
  CHECK(r.message.find("lacks a permission") != std::string::npos);
  CHECK(r.message.find(kToken) == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "a wrong account id (100) stops the channel with a plain reason") {
  page();
  auto settings = channel(emulator.graph_base(), "Joseph-Hood-Primary");  // a name, not the id
  FacebookConnector fb(io.get_executor(), settings, GraphCredentials{kToken}, options());
  auto r = fetch(fb, "");
  CHECK(r.status == FetchStatus::token_invalid);
  CHECK(r.message.find("account_id") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "without pages_read_user_content: no author, still read") {
  page(json{"pages_read_engagement", "pages_manage_engagement", "pages_show_list"});
  const auto p = post();
  const auto c = control.add_comment("facebook", p, "rude words", "7001");
  auto fb = make();
  auto r = fetch(fb, "");
  REQUIRE(r.status == FetchStatus::ok);
  REQUIRE(r.comments.size() == 1);
  CHECK(r.comments[0].platform_comment_id == c);
  CHECK(r.comments[0].author_id.empty());
  CHECK(r.comments[0].author_name.empty());
  // Hiding needs no author.
  CHECK(apply(fb, action(ActionKind::hide, Platform::facebook, c)).outcome == ActionOutcome::done);
}

TEST_CASE_FIXTURE(Fixture, "feed covers visitor and tagged posts; published_posts only own") {
  page();
  const auto own = post("own");
  const auto visitor = post("visitor");
  const auto tagged = post("tagged");
  const auto c_own = control.add_comment("facebook", own, "on own", "7001");
  const auto c_visitor = control.add_comment("facebook", visitor, "on visitor", "7002");
  const auto c_tagged = control.add_comment("facebook", tagged, "on tagged", "7003");

  auto feed = make({"feed"});
  auto r = fetch(feed, "");
  REQUIRE(r.status == FetchStatus::ok);
  CHECK(ids(r) == std::set<std::string>{c_own, c_visitor, c_tagged});
  CHECK(feed.posts_request("feed").url.buffer().find("/feed?") != std::string::npos);

  auto published = make({"published_posts"});
  auto only_own = fetch(published, "");
  REQUIRE(only_own.status == FetchStatus::ok);
  CHECK(ids(only_own) == std::set<std::string>{c_own});

  // Both edges: each post once, one request per edge.
  auto both = make({"feed", "published_posts"});
  auto all = fetch(both, "");
  REQUIRE(all.status == FetchStatus::ok);
  CHECK(all.comments.size() == 3);
  CHECK(all.api_calls == 2);
}

TEST_CASE_FIXTURE(Fixture, "the Page's own comments and replies are skipped") {
  page();
  const auto p = post();
  const auto c = control.add_comment("facebook", p, "When is sports day?", "7001");
  control.add_comment("facebook", p, "Friday at 10am, see you there!", kPage, c);
  control.add_comment("facebook", p, "Reminder: bring a water bottle", kPage);
  auto fb = make();
  auto r = fetch(fb, "");
  REQUIRE(r.status == FetchStatus::ok);
  CHECK(ids(r) == std::set<std::string>{c});
  // Remembered, so the next poll is one request with nothing new.
  auto again = fetch(fb, r.next_cursor);
  CHECK(again.comments.empty());
}
