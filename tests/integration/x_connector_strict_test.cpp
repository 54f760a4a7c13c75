// XConnector against the stricter X emulation of issue 13: the two field-name spellings (one
// setting), hides only in conversations the account started, a missing tweet.moderate.write
// scope as a permission problem, and polls paced to the plan's window.
#include "connectors/x_connector.hpp"
#include "support/connector_fixture.hpp"

using namespace hm::connectors;
using hm::moderation::ActionKind;
using hm::moderation::Platform;

namespace {

constexpr const char* kUser = "2244994945";
constexpr const char* kOther = "783214";  // another account, with conversations of its own

struct StrictX : hm::test::ConnectorFixture {
  std::string post_id;
  std::shared_ptr<MemoryTokenStore> tokens = std::make_shared<MemoryTokenStore>();
  // extra: the account's "scopes", "x_plan", "x_field_names".
  explicit StrictX(nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json b = {{"platform", "x"},
                        {"account_id", kUser},
                        {"name", "Joseph Hood"},
                        {"username", "josephhood"},
                        {"access_token", "initial-access-token"},
                        {"refresh_token", "initial-refresh-token"},
                        {"client_id", "client-id"},
                        {"client_secret", "client-secret"}};
    b.update(extra);
    control.post("/_emulator/accounts", b);
    control.post("/_emulator/accounts", {{"platform", "x"},
                                         {"account_id", kOther},
                                         {"name", "Local News"},
                                         {"username", "localnews"},
                                         {"access_token", "other-token"}});
    post_id = control.add_post("x", kUser, "Sports day is on Friday");
  }
  XConnector make(std::string spelling = {}) {
    auto o = options();
    o.x_field_names = std::move(spelling);
    return XConnector(io.get_executor(), channel(emulator.x_base(), kUser),
                      XCredentials{"client-id", "client-secret", "initial-refresh-token", ""},
                      tokens, o);
  }
  int hide_calls() { return control.calls("/hidden"); }
};

}  // namespace

TEST_CASE("the spelling sent is one setting; both spellings are read") {
  SUBCASE("a v2.167-only API and the post spelling: replies, parents and edits read") {
    StrictX w(nlohmann::json{{"x_field_names", "post"}});
    auto x = w.make("post");
    CHECK(x.spelling() == x::Spelling::post);
    const auto r0 = w.control.add_comment("x", w.post_id, "well then", "9001");
    const auto r1 = w.control.add_comment("x", w.post_id, "@josephhood frist", "9001", r0);
    auto first = w.fetch(x, "");
    REQUIRE(first.status == FetchStatus::ok);
    CHECK(w.ids(first) == std::set<std::string>{r0, r1});
    for (const auto& c : first.comments) {
      CHECK(c.author_id == "9001");
      CHECK(c.parent_platform_id == (c.platform_comment_id == r1 ? r0 : w.post_id));
    }
    w.control.post("/_emulator/comments/" + r1 + "/edit", {{"text", "@josephhood first"}});
    auto edited = w.fetch(x, first.next_cursor);
    REQUIRE(edited.comments.size() == 1);
    CHECK(edited.comments[0].platform_comment_id == r1);  // edit_history_post_ids read
    CHECK(edited.comments[0].edited_at);
  }
  SUBCASE("the legacy spelling against a v2.167-only API stops the channel, naming the parameter") {
    // A 400 on the read is a configuration problem: retrying every poll would never fix it.
    StrictX w(nlohmann::json{{"x_field_names", "post"}});
    auto x = w.make();  // kSentSpelling: tweet
    auto r = w.fetch(x, "");
    CHECK(r.status == FetchStatus::token_invalid);
    CHECK_FALSE(r.retry_at);
    CHECK(r.message.find("tweet.fields") != std::string::npos);
    CHECK(r.message.find("account_id") != std::string::npos);
  }
  SUBCASE("the legacy spelling against a legacy-only API") {
    StrictX w(nlohmann::json{{"x_field_names", "tweet"}});
    auto x = w.make();
    const auto r1 = w.control.add_comment("x", w.post_id, "hello");
    auto r = w.fetch(x, "");
    REQUIRE(r.status == FetchStatus::ok);
    CHECK(w.ids(r) == std::set<std::string>{r1});
  }
}

TEST_CASE("hides go only to replies in the account's own conversations") {
  StrictX w;
  auto x = w.make();
  const auto theirs = w.control.add_post("x", kOther, "Road closed by the school");
  const auto direct = w.control.add_comment("x", w.post_id, "you lot are w@nkers", "9001");
  const auto elsewhere =
      w.control.add_comment("x", theirs, "@josephhood your kids are sh1t", "9003");
  auto r = w.fetch(x, "");
  REQUIRE(r.status == FetchStatus::ok);
  // Both are read and classified; the page itself shows who started both conversations.
  CHECK(w.ids(r) == std::set<std::string>{direct, elsewhere});
  CHECK(r.api_calls == 2);  // refresh, mentions

  auto out = w.apply(x, w.action(ActionKind::hide, Platform::x, elsewhere));
  CHECK(out.outcome == ActionOutcome::not_supported);
  CHECK(out.reason.find("conversations it started") != std::string::npos);
  CHECK(w.hide_calls() == 0);  // no call X would refuse
  CHECK(w.apply(x, w.action(ActionKind::hide, Platform::x, direct)).outcome == ActionOutcome::done);
  CHECK_FALSE(w.control.comment(elsewhere).at("hidden").get<bool>());

  // A nested reply, read by a connector that has learnt nothing yet (a restarted daemon): its
  // conversation's starter is looked up, once.
  const auto nested =
      w.control.add_comment("x", w.post_id, "@josephhood sh1t school", "9002", direct);
  auto fresh = w.make();
  auto r2 = w.fetch(fresh, r.next_cursor);
  REQUIRE(r2.status == FetchStatus::ok);
  CHECK(w.ids(r2) == std::set<std::string>{nested});
  CHECK(r2.api_calls == 2);  // mentions, GET /2/tweets?ids= (the stored token still valid)
  CHECK(w.control.calls("/2/tweets?ids=" + w.post_id) == 1);
  CHECK(w.fetch(fresh, r2.next_cursor).api_calls == 1);  // nothing new, nothing looked up
  CHECK(w.apply(fresh, w.action(ActionKind::hide, Platform::x, nested)).outcome ==
        ActionOutcome::done);
  CHECK(w.control.comment(nested).at("hidden") == true);
}

TEST_CASE("a token without tweet.moderate.write: a permission problem that stops the channel") {
  StrictX w(nlohmann::json{{"scopes", {"tweet.read", "users.read", "offline.access"}}});
  auto x = w.make();
  const auto direct = w.control.add_comment("x", w.post_id, "you lot are w@nkers", "9001");
  REQUIRE(w.fetch(x, "").status == FetchStatus::ok);  // reading needs no more
  auto out = w.apply(x, w.action(ActionKind::hide, Platform::x, direct));
  CHECK(out.outcome == ActionOutcome::token_invalid);
  CHECK(out.reason.find("lacks a scope") != std::string::npos);
  CHECK(out.reason.find("tweet.moderate.write") != std::string::npos);
  CHECK(out.reason.find("conversations the account started") == std::string::npos);
}

TEST_CASE("a bare 403 on a hide in the account's own conversation is a permission problem") {
  StrictX w;
  auto x = w.make();
  const auto direct = w.control.add_comment("x", w.post_id, "you lot are w@nkers", "9001");
  REQUIRE(w.fetch(x, "").status == FetchStatus::ok);
  w.control.fault("x", "permission_denied", 1, "hidden");  // {"detail":"Forbidden"}
  auto out = w.apply(x, w.action(ActionKind::hide, Platform::x, direct));
  CHECK(out.outcome == ActionOutcome::token_invalid);
  CHECK(out.reason.find("most likely lacks the tweet.moderate.write scope") != std::string::npos);
}

TEST_CASE("polls are paced to the plan's window") {
  SUBCASE("legacy Basic: 10 mentions calls per 15 minutes") {
    StrictX w(nlohmann::json{{"x_plan", "basic"}});
    auto x = w.make();
    auto r = w.fetch(x, "");
    REQUIRE(r.status == FetchStatus::ok);
    REQUIRE(r.retry_at);
    // 9 calls left for (up to) 900 s: about one every 100 s, well past a 60 s interval.
    CHECK(*r.retry_at - w.clock >= std::chrono::seconds(85));
    CHECK(*r.retry_at - w.clock <= std::chrono::seconds(101));
    // Polling at that pace never meets a 429 within the window.
    for (int i = 0; i < 9; ++i) {
      w.clock = *r.retry_at;
      r = w.fetch(x, r.next_cursor);
      REQUIRE(r.status == FetchStatus::ok);
    }
  }
  SUBCASE("pay-per-use: room to spare, the channel's interval decides") {
    StrictX w;
    auto x = w.make();
    auto r = w.fetch(x, "");
    REQUIRE(r.status == FetchStatus::ok);
    REQUIRE(r.retry_at);
    CHECK(*r.retry_at - w.clock <= std::chrono::seconds(5));
  }
}
