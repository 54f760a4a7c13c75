// The safeguarding alert notifier in process: a poll that queues an alert wakes it, and a
// school with no transport gets the alert marked for the console, with a log line.
#include <doctest/doctest.h>

#include "daemon/alerts/alert_notifier.hpp"
#include "daemon/channel_poller.hpp"
#include "inproc_world.hpp"

using namespace hm;
using namespace hm::test;

TEST_CASE("a safeguarding comment is hidden and its alert handled, with no transport configured") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.pending = {StoreFixture::comment("c1", "stranger", kSafeguarding)};
  daemon::alerts::AlertNotifier notifier(w.io.get_executor(), *w.store, w.cfg, w.metrics, w.clock,
                                         w.log);
  CHECK(w.log.has(daemon::LogPriority::warning, "has no safeguarding webhook or e-mail"));
  auto made = w.make_poller(Platform::facebook);
  daemon::ChannelPoller& poller = *made;
  poller.wake_on_alerts(notifier.wakeup());
  w.spawn(poller.run());
  w.spawn(w.executor.run());
  w.spawn(notifier.run());
  REQUIRE(w.run_until([&] {
    auto alert = w.store->alert_for_comment(w.comment_id("c1"));
    return alert && alert->state != store::AlertState::pending && fb.hidden.contains("c1");
  }));
  auto alert = *w.store->alert_for_comment(w.comment_id("c1"));
  CHECK(alert.state == store::AlertState::failed);
  CHECK(alert.last_error == "no transport configured");
  CHECK(w.log.has(daemon::LogPriority::warning, "shown in the console only"));
  // The log names the school and comment id, never the comment's text.
  for (const auto& [priority, line] : w.log.lines)
    CHECK(line.find("snapchat") == std::string::npos);
  poller.stop();
  w.executor.stop();
  notifier.stop();
  w.io.run();
}
