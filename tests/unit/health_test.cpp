// /healthz's judgement (daemon/health.hpp): starting, ok, or degraded with a reason a person
// can act on.
#include <doctest/doctest.h>

#include "daemon/health.hpp"

using namespace hm::daemon;

namespace {

HealthInputs running(std::vector<ChannelStatus> channels = {
                         {"jh-facebook", ChannelState::polling, "", 3, true}}) {
  HealthInputs in;
  in.ready = true;
  in.channels = std::move(channels);
  return in;
}

}  // namespace

TEST_CASE("ok while ready and every channel recovers on its own") {
  auto in = running({{"a", ChannelState::polling, "", 1, true},
                     {"b", ChannelState::rate_limited, "429", 1, true},
                     {"c", ChannelState::backing_off, "HTTP 500", 1, true},
                     {"d", ChannelState::starting, "", 0, false}});
  const auto report = assess_health(in);
  CHECK(report.state == "ok");
  CHECK(report.healthy());
  CHECK(report.reasons.empty());
}

TEST_CASE("starting until ready, with the reasons already known") {
  auto in = running();
  in.ready = false;
  in.failed_actions = 1;
  const auto report = assess_health(in);
  CHECK(report.state == "starting");
  CHECK_FALSE(report.healthy());
  CHECK(report.reasons.size() == 1);
}

TEST_CASE("a stopped channel degrades, naming the channel and its problem") {
  const auto report = assess_health(running(
      {{"jh-x", ChannelState::stopped,
        "the token endpoint rejected the refresh token: re-authorise the channel", 4, true}}));
  CHECK(report.state == "degraded");
  REQUIRE(report.reasons.size() == 1);
  CHECK(report.reasons[0] ==
        "channel jh-x is stopped: the token endpoint rejected the refresh token: re-authorise "
        "the channel");
}

TEST_CASE("failed actions degrade until each is retried or marked done") {
  auto in = running();
  in.failed_actions = 1;
  auto one = assess_health(in);
  CHECK(one.state == "degraded");
  REQUIRE(one.reasons.size() == 1);
  CHECK(one.reasons[0].starts_with("1 action has failed"));
  in.failed_actions = 3;
  CHECK(assess_health(in).reasons[0].starts_with("3 actions have failed"));
  in.failed_actions = 0;
  CHECK(assess_health(in).state == "ok");
}

TEST_CASE("a full disk degrades, first among the reasons") {
  auto in = running({{"jh-x", ChannelState::stopped, "", 1, true}});
  in.storage_full = "no space to write /var/lib/hallmonitor/hallmonitor.db";
  const auto report = assess_health(in);
  CHECK(report.state == "degraded");
  REQUIRE(report.reasons.size() == 2);
  CHECK(report.reasons[0].starts_with("the disk is full"));
  CHECK(report.reasons[0].find("/var/lib/hallmonitor/hallmonitor.db") != std::string::npos);
  CHECK(report.reasons[1] == "channel jh-x is stopped");
}
