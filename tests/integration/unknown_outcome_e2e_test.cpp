// Issue 17 item 8 on the wire: the executor with the real store and the real Facebook,
// Instagram and X connectors against hallmonitor-emulator, whose malformed_json and
// truncated_json faults serve a call (it takes effect) and break its answer. The emulator's call
// log shows how many times each change reached the platform. These fail when the executor
// re-sends blindly (checked by removing the settle_unknown_outcome call from
// ActionExecutor::execute): the hide and the reply then reach the platform twice.
#include "connectors/facebook_connector.hpp"
#include "connectors/instagram_connector.hpp"
#include "connectors/x_connector.hpp"
#include "daemon/ingest.hpp"
#include "inproc/inproc_world.hpp"
#include "support/connector_fixture.hpp"

using namespace hm;
using namespace hm::test;
using connectors::ActionOutcome;
using moderation::ActionKind;
using moderation::ActionState;

namespace {

constexpr const char* kPage = "448242228374517";
constexpr const char* kIgUser = "17841400000000000";
constexpr const char* kXUser = "1234567890";
constexpr const char* kToken = "EAAB-page-token-secret";

// The in-process world (store, filters, fake clock) with the real connectors on the emulator.
struct WireWorld : ConnectorFixture {
  InprocWorld w;
  std::shared_ptr<connectors::Connector> fb, ig, x;
  daemon::ActionExecutor executor{
      w.io.get_executor(),
      *w.store,
      [this](std::string_view id) -> std::shared_ptr<connectors::Connector> {
        if (id == StoreFixture::channel_of(Platform::facebook)) return fb;
        if (id == StoreFixture::channel_of(Platform::instagram)) return ig;
        return x;
      },
      w.channels,
      w.metrics,
      w.clock,
      w.log};

  WireWorld() {
    auto o = options();
    o.now = [this] { return w.clock.now(); };  // retry times on the executor's clock
    control.post("/_emulator/accounts", {{"platform", "facebook"},
                                         {"account_id", kPage},
                                         {"name", "Joseph Hood Primary"},
                                         {"access_token", kToken}});
    control.post("/_emulator/accounts", {{"platform", "instagram"},
                                         {"account_id", kIgUser},
                                         {"name", "Joseph Hood Primary"},
                                         {"username", "josephhood"},
                                         {"access_token", "IG-token"}});
    control.post("/_emulator/accounts", {{"platform", "x"},
                                         {"account_id", kXUser},
                                         {"name", "Joseph Hood Primary"},
                                         {"username", "josephhood"},
                                         {"access_token", "x-access"},
                                         {"refresh_token", "x-refresh"},
                                         {"client_id", "client"},
                                         {"expires_in", 0}});
    fb = std::make_shared<connectors::FacebookConnector>(w.io.get_executor(),
                                                         channel(emulator.graph_base(), kPage),
                                                         connectors::GraphCredentials{kToken}, o);
    ig = std::make_shared<connectors::InstagramConnector>(
        w.io.get_executor(), channel(emulator.graph_base(), kIgUser),
        connectors::GraphCredentials{"IG-token"}, o);
    x = std::make_shared<connectors::XConnector>(
        w.io.get_executor(), channel(emulator.x_base(), kXUser),
        connectors::XCredentials{"client", "", "x-refresh", "x-access"},
        std::make_shared<connectors::MemoryTokenStore>(), o);
  }

  // A comment on the platform, ingested (and classified) as a poll would.
  std::string comment(Platform p, const std::string& text) {
    const std::string platform(moderation::to_string(p));
    const std::string account = p == Platform::facebook    ? kPage
                                : p == Platform::instagram ? kIgUser
                                                           : kXUser;
    const std::string post = control.add_post(platform, account, "Sports day on Friday");
    const std::string id = control.add_comment(platform, post, text, "6789012345678901");
    Comment c = StoreFixture::comment(id, "6789012345678901", text, p, w.clock.now());
    const std::vector<Comment> polled{c};
    daemon::ingest_poll(*w.store, *w.classifier, c.channel_id, polled, "c", w.clock.now());
    return id;
  }
  moderation::Action action_of(const std::string& id, ActionKind kind) {
    auto a = w.action_of(id, kind);
    REQUIRE(a);
    return *a;
  }
  ActionState run_until_settled(std::int64_t action_id) {
    boost::asio::co_spawn(w.io, executor.run(), boost::asio::detached);
    w.run_until(
        [&] { return moderation::is_terminal(w.store->action(action_id)->progress.state); });
    const ActionState s = w.store->action(action_id)->progress.state;
    executor.stop();
    w.io.run();
    return s;
  }
};

constexpr const char* kComplaint =
    "I am very disappointed with the school, the way my child was treated is totally "
    "unacceptable";

}  // namespace

TEST_CASE_FIXTURE(WireWorld, "Facebook: a hide answered with malformed JSON is hidden once, done") {
  const std::string c1 = comment(Platform::facebook, kAbusive);
  const auto hide = action_of(c1, ActionKind::hide);
  control.fault("facebook", "malformed_json", 1, "is_hidden=true");
  CHECK(run_until_settled(hide.id) == ActionState::done);
  CHECK(control.comment(c1).at("hidden") == true);
  CHECK(control.calls("is_hidden=true") == 1);  // one hide reached the platform
  CHECK(control.calls("fields=id") == 1);       // one read of the comment's state
}

TEST_CASE_FIXTURE(WireWorld, "Facebook: a reply answered with cut-off JSON is posted once") {
  const std::string c1 = comment(Platform::facebook, kComplaint);
  const auto reply = action_of(c1, ActionKind::reply);
  REQUIRE(w.store->transition(reply.id, moderation::event::Approve{}, "head", "ok", w.clock.now()));
  control.fault("facebook", "truncated_json", 1, "/comments");
  CHECK(run_until_settled(reply.id) == ActionState::done);
  CHECK(control.state().at("posted_replies").size() == 1);
}

TEST_CASE_FIXTURE(WireWorld, "Facebook: after a crash mid-hide, no second hide is sent") {
  const std::string c1 = comment(Platform::facebook, kAbusive);
  const auto hide = action_of(c1, ActionKind::hide);
  // The killed run had stored `running` and its hide had reached the platform.
  REQUIRE(w.store->transition(hide.id, moderation::event::Start{w.clock.now()}, "executor",
                              "calling the platform", w.clock.now()));
  REQUIRE(run_sync(w.io, fb->apply(*w.store->platform_action(hide.id))).outcome ==
          ActionOutcome::done);
  CHECK(run_until_settled(hide.id) == ActionState::done);
  CHECK(control.calls("is_hidden=true") == 1);
  CHECK(control.comment(c1).at("hidden") == true);
}

TEST_CASE_FIXTURE(WireWorld, "Instagram: a hide answered with malformed JSON is hidden once") {
  const std::string c1 = comment(Platform::instagram, kAbusive);
  const auto hide = action_of(c1, ActionKind::hide);
  control.fault("instagram", "malformed_json", 1, "hide=true");
  CHECK(run_until_settled(hide.id) == ActionState::done);
  CHECK(control.comment(c1).at("hidden") == true);
  CHECK(control.calls("hide=true") == 1);
}

TEST_CASE_FIXTURE(WireWorld, "X has no read of a hidden reply: the idempotent hide is sent again") {
  const std::string c1 = comment(Platform::x, kAbusive);
  const auto hide = action_of(c1, ActionKind::hide);
  control.fault("x", "malformed_json", 1, "/hidden");
  CHECK(run_until_settled(hide.id) == ActionState::done);
  CHECK(control.comment(c1).at("hidden") == true);
  CHECK(control.calls("/hidden") == 2);  // PUT hidden is idempotent: harmless
}
