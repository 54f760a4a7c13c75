// The channel poller in process: fetch → ingest → report → schedule, with fake connectors, a
// fake clock and a memory log.
#include <doctest/doctest.h>

#include "daemon/channel_poller.hpp"
#include "inproc_world.hpp"

using namespace hm;
using namespace hm::test;
using daemon::ChannelState;
using moderation::ActionKind;
using moderation::ActionState;

TEST_CASE("a poll stores and judges new comments, advances the cursor and hides the harmful") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  fb.pending = {StoreFixture::comment("c1", "parent", kClean),
                StoreFixture::comment("c2", "troll", kAbusive)};
  auto p = w.make_poller(Platform::facebook);
  w.spawn(p->run());
  w.spawn(w.executor.run());
  REQUIRE(w.run_until([&] { return fb.hidden.contains("c2"); }));
  CHECK(p->status().state == ChannelState::polling);
  CHECK(p->status().polled_ok_once);
  CHECK(w.store->cursor("jh-facebook") == "cursor-1");
  CHECK(w.count("comments") == 2);
  CHECK(w.action_of("c1", ActionKind::hide) == std::nullopt);
  CHECK(w.action_of("c2", ActionKind::delete_comment)->progress.state == ActionState::proposed);
  CHECK(
      w.log.has(daemon::LogPriority::info, "jh-facebook: 2 new comment(s) or edit(s), 1 flagged"));

  // An edit that is flagged again does not queue the same steps twice.
  auto edited = StoreFixture::comment("c2", "troll", std::string(kAbusive) + " again");
  fb.pending = {edited};
  const auto polls = fb.fetch_times.size();
  REQUIRE(w.run_until([&] { return fb.fetch_times.size() > polls + 1; }));
  CHECK(w.store->actions_for_comment(w.comment_id("c2")).size() == 2);  // hide + delete
  p->stop();
  w.executor.stop();
  w.io.run();
}

TEST_CASE("a rate-limited poll waits until access returns") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  connectors::FetchResult limited;
  limited.status = connectors::FetchStatus::rate_limited;
  limited.retry_at = kT0 + 15min;
  limited.message = "Graph error 4: application request limit reached";
  fb.scripted.push_back(limited);
  auto p = w.make_poller(Platform::facebook);
  w.spawn(p->run());
  REQUIRE(w.run_until([&] { return fb.fetch_times.size() >= 2; }));
  CHECK(fb.fetch_times[1] >= kT0 + 15min);
  CHECK(w.log.has(daemon::LogPriority::warning, "channel jh-facebook: rate limited"));
  CHECK(p->status().state == ChannelState::polling);
  p->stop();
  w.io.run();
}

TEST_CASE("an expired token stops that channel only") {
  InprocWorld w;
  auto& fb = w.connector(Platform::facebook);
  auto& x = w.connector(Platform::x);
  connectors::FetchResult expired;
  expired.status = connectors::FetchStatus::token_invalid;
  expired.message = "Graph error 190: the access token has expired";
  fb.scripted.push_back(expired);
  auto pf = w.make_poller(Platform::facebook);
  auto px = w.make_poller(Platform::x);
  bool fb_ended = false;
  boost::asio::co_spawn(w.io, pf->run(), [&](std::exception_ptr) { fb_ended = true; });
  w.spawn(px->run());
  REQUIRE(w.run_until([&] { return x.fetch_times.size() >= 5; }));
  CHECK(fb_ended);  // the loop returned: the schedule said stop
  CHECK(fb.fetch_times.size() == 1);
  CHECK(pf->status().state == ChannelState::stopped);
  CHECK(px->status().state == ChannelState::polling);
  CHECK(w.log.has(daemon::LogPriority::critical, "channel jh-facebook: stopped"));
  CHECK(to_string(pf->status().state) == "stopped");
  px->stop();
  w.io.run();
}
