// InstagramConnector against hallmonitor-emulator: media with nested comments and replies,
// new-only fetching in one request, paging, edits, every action (block is not supported), and
// the fault classes.
#include "connectors/instagram_connector.hpp"
#include "support/connector_fixture.hpp"

using namespace hm::connectors;
using hm::moderation::ActionKind;
using hm::moderation::Platform;

namespace {

constexpr const char* kAccount = "17841430541631416";
constexpr const char* kToken = "IGQ-user-token-secret";

struct InstagramFixture : hm::test::ConnectorFixture {
  InstagramFixture() {
    control.post("/_emulator/accounts", {{"platform", "instagram"},
                                         {"account_id", kAccount},
                                         {"username", "josephhood"},
                                         {"access_token", kToken}});
    media_id = control.add_post("instagram", kAccount, "Our new library");
  }
  InstagramConnector make() {
    return InstagramConnector(io.get_executor(), channel(emulator.graph_base(), kAccount),
                              GraphCredentials{kToken}, options());
  }
  std::string media_id;
};

}  // namespace

TEST_CASE_FIXTURE(InstagramFixture,
                  "comments and replies, new only, one request when nothing is new") {
  auto ig = make();
  const auto c1 = control.add_comment("instagram", media_id, "Amazing!", "848067418322071");
  const auto r1 = control.add_comment("instagram", media_id, "Agreed", "848067418322072", c1);
  const auto c2 = control.add_comment("instagram", media_id, "When does it open?");
  auto first = fetch(ig, "");
  REQUIRE(first.status == FetchStatus::ok);
  CHECK(ids(first) == std::set<std::string>{c1, r1, c2});
  CHECK(first.api_calls == 1);
  for (const auto& c : first.comments) {
    CHECK(c.platform == Platform::instagram);
    if (c.platform_comment_id == r1) CHECK(c.parent_platform_id == c1);
  }
  const int before = control.calls();
  auto steady = fetch(ig, first.next_cursor);
  CHECK(steady.comments.empty());
  CHECK(steady.api_calls == 1);
  CHECK(control.calls() == before + 1);

  const auto r2 = control.add_comment("instagram", media_id, "Tuesday", "5", c2);
  auto next = fetch(ig, steady.next_cursor);
  CHECK(ids(next) == std::set<std::string>{r2});
}

TEST_CASE_FIXTURE(InstagramFixture, "paging through many comments") {
  auto ig = make();
  std::set<std::string> expected;
  for (int i = 0; i < 120; ++i)
    expected.insert(control.add_comment("instagram", media_id, "c" + std::to_string(i)));
  auto first = fetch(ig, "");
  REQUIRE(first.status == FetchStatus::ok);
  CHECK(ids(first) == expected);
  CHECK(first.api_calls == 3);  // 50 + 50 + 20
  auto steady = fetch(ig, first.next_cursor);
  CHECK(steady.comments.empty());
  CHECK(steady.api_calls == 1);
}

TEST_CASE_FIXTURE(InstagramFixture, "every reply of a long thread, past the replies edge's 25") {
  // Issue 17 item 7: Instagram pages a comment's replies 25 at a time, oldest first; a harmful
  // reply #30 was never read, so never hidden.
  auto ig = make();
  const auto parent = control.add_comment("instagram", media_id, "Sports day photos?");
  std::set<std::string> expected{parent};
  std::string thirtieth;
  for (int i = 1; i <= 30; ++i) {
    thirtieth = control.add_comment("instagram", media_id, "reply " + std::to_string(i),
                                    std::to_string(9000 + i), parent);
    expected.insert(thirtieth);
  }
  auto first = fetch(ig, "");
  REQUIRE(first.status == FetchStatus::ok);
  CHECK(ids(first) == expected);
  CHECK(ids(first).count(thirtieth) == 1);
  for (const auto& c : first.comments)
    if (c.platform_comment_id != parent) CHECK(c.parent_platform_id == parent);

  // A reply added later, on the thread's second page, is read on the next poll.
  const auto late = control.add_comment("instagram", media_id, "reply 31", "9031", parent);
  auto next = fetch(ig, first.next_cursor);
  REQUIRE(next.status == FetchStatus::ok);
  CHECK(ids(next) == std::set<std::string>{late});
}

TEST_CASE_FIXTURE(InstagramFixture, "edits are new versions") {
  auto ig = make();
  const auto c1 = control.add_comment("instagram", media_id, "first");
  auto first = fetch(ig, "");
  control.post("/_emulator/comments/" + c1 + "/edit", {{"text", "second"}});
  auto edited = fetch(ig, first.next_cursor);
  REQUIRE(edited.comments.size() == 1);
  CHECK(edited.comments[0].text == "second");
  CHECK(edited.comments[0].edited_at);
}

TEST_CASE_FIXTURE(InstagramFixture, "actions: hide, unhide, reply, delete; block not supported") {
  auto ig = make();
  CHECK_FALSE(ig.capabilities().block);
  CHECK(ig.capabilities().hide);
  const auto c1 = control.add_comment("instagram", media_id, "spam spam", "42");
  CHECK(apply(ig, action(ActionKind::reply, Platform::instagram, c1)).outcome ==
        ActionOutcome::done);
  CHECK(apply(ig, action(ActionKind::hide, Platform::instagram, c1)).outcome ==
        ActionOutcome::done);
  CHECK(control.comment(c1).at("hidden") == true);
  // Instagram refuses a reply to a hidden comment: a permanent failure, not a crash.
  auto reply_hidden = apply(ig, action(ActionKind::reply, Platform::instagram, c1));
  CHECK(reply_hidden.outcome == ActionOutcome::permanent_failure);
  CHECK(apply(ig, action(ActionKind::unhide, Platform::instagram, c1)).outcome ==
        ActionOutcome::done);
  CHECK(control.comment(c1).at("hidden") == false);
  const int calls = control.calls();
  auto block = apply(ig, action(ActionKind::block, Platform::instagram, c1, "42"));
  CHECK(block.outcome == ActionOutcome::not_supported);
  CHECK(control.calls() == calls);
  CHECK(apply(ig, action(ActionKind::delete_comment, Platform::instagram, c1)).outcome ==
        ActionOutcome::done);
  CHECK(control.comment(c1).at("deleted") == true);
  CHECK(apply(ig, action(ActionKind::delete_comment, Platform::instagram, c1)).outcome ==
        ActionOutcome::already_gone);
}

TEST_CASE_FIXTURE(InstagramFixture, "faults: rate limit, 5xx, malformed, expired token") {
  auto ig = make();
  const auto c1 = control.add_comment("instagram", media_id, "hi");
  control.fault("instagram", "rate_limit", 1);
  auto limited = fetch(ig, "");
  REQUIRE(limited.status == FetchStatus::rate_limited);
  CHECK(limited.message.find("80002") != std::string::npos);
  const int calls = control.calls();
  CHECK(fetch(ig, "").api_calls == 0);
  CHECK(control.calls() == calls);
  clock = *limited.retry_at;

  control.fault("instagram", "server_error", 2);
  auto ok = fetch(ig, "");
  CHECK(ok.status == FetchStatus::ok);
  CHECK(ids(ok) == std::set<std::string>{c1});

  control.fault("instagram", "malformed_json", 1);
  CHECK(fetch(ig, ok.next_cursor).status == FetchStatus::transient_error);
  CHECK(fetch(ig, ok.next_cursor).status == FetchStatus::ok);

  control.fault("instagram", "expired_token", 1);
  auto expired = fetch(ig, ok.next_cursor);
  CHECK(expired.status == FetchStatus::token_invalid);
  CHECK(expired.message.find("Instagram") != std::string::npos);
  CHECK(expired.message.find(kToken) == std::string::npos);
}

TEST_CASE_FIXTURE(InstagramFixture, "the state read: hidden, the account's reply, gone") {
  auto ig = make();
  const auto c1 = control.add_comment("instagram", media_id, "rude words", "6789012345678901");
  using Read = hm::moderation::ObservedComment::Read;
  auto state = [&](ActionKind kind) {
    return hm::test::run_sync(io, ig.current_state(action(kind, Platform::instagram, c1)));
  };
  CHECK(state(ActionKind::hide).observed.hidden == false);
  CHECK(state(ActionKind::reply).observed.our_reply_present == false);
  REQUIRE(apply(ig, action(ActionKind::reply, Platform::instagram, c1)).outcome ==
          ActionOutcome::done);
  CHECK(state(ActionKind::reply).observed.our_reply_present == true);
  control.fault("instagram", "truncated_json", 1, "hide=true");
  auto hide = apply(ig, action(ActionKind::hide, Platform::instagram, c1));
  CHECK(hide.outcome_unknown);
  CHECK(state(ActionKind::hide).observed.hidden == true);
  CHECK(state(ActionKind::block).observed.read == Read::no_read);  // Instagram has no block
  REQUIRE(apply(ig, action(ActionKind::delete_comment, Platform::instagram, c1)).outcome ==
          ActionOutcome::done);
  CHECK(state(ActionKind::hide).observed.read == Read::gone);
}
