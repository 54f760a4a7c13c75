// --check's offline flags per channel (daemon/channel_checks.hpp) and the online judges on
// answers shaped as the platforms send them (daemon/online_check.hpp).
#include <doctest/doctest.h>

#include "daemon/channel_checks.hpp"
#include "daemon/online_check.hpp"

using namespace hm;

namespace {

config::Config cfg_with(config::Channel ch) {
  config::Config c;
  c.file = "/etc/hallmonitor/hallmonitor.toml";
  config::School s;
  s.id = "jh";
  s.channels.push_back(std::move(ch));
  c.schools.push_back(std::move(s));
  return c;
}

config::Channel channel(std::string platform, std::string account) {
  config::Channel ch;
  ch.id = "jh-" + platform;
  ch.platform = std::move(platform);
  ch.account_id = std::move(account);
  ch.credential = "jh";
  ch.credential_line = 12;
  return ch;
}

connectors::HttpResponse answer(unsigned status, std::string body) {
  connectors::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("offline: a name for an id, a raw token, a malformed file; a good channel passes") {
  auto ch = channel("facebook", "Joseph Hood");
  auto cfg = cfg_with(ch);
  auto p = config::channel_problems(cfg, ch, std::string("EAAB123"));
  REQUIRE(p.size() == 2);
  CHECK(p[0].str().find("hallmonitor.toml:12: channel 'jh-facebook': account_id \"Joseph "
                        "Hood\" is not a number") != std::string::npos);
  CHECK(p[1].message.find("is not JSON") != std::string::npos);
  auto x = channel("x", "@school");
  auto q = config::channel_problems(cfg, x, std::string(R"({"client_id":"a"})"));
  REQUIRE(q.size() == 2);
  CHECK(q[0].message.find("not its @handle") != std::string::npos);
  CHECK(q[1].message.find("refresh_token") != std::string::npos);
  auto good = channel("facebook", "448242228374517");
  CHECK(config::channel_problems(cfg, good, std::string(R"({"access_token":"t"})")).empty());
}

TEST_CASE("offline: poll intervals below the platforms' limits are warned about") {
  auto x = channel("x", "1");
  x.poll_interval = std::chrono::seconds{60};
  auto cfg = cfg_with(x);
  CHECK(config::channel_warnings(cfg, x).size() == 1);
  x.poll_interval = std::chrono::seconds{90};
  CHECK(config::channel_warnings(cfg, x).empty());
  auto fb = channel("facebook", "1");
  fb.poll_interval = std::chrono::seconds{20};
  REQUIRE(config::channel_warnings(cfg, fb).size() == 1);
  CHECK(config::channel_warnings(cfg, fb)[0].message.find("4800 calls a day") != std::string::npos);
  fb.poll_interval.reset();  // the daemon's default, 60 s
  CHECK(config::channel_warnings(cfg, fb).empty());
}

TEST_CASE("online judges: debug_token's validity, owner, permissions and expiry") {
  auto fb = channel("facebook", "111");
  daemon::Verdict ok;
  daemon::judge_debug_token(
      fb, answer(200, R"({"data":{"type":"PAGE","is_valid":true,"profile_id":"111","expires_at":0,
        "scopes":["pages_read_engagement","pages_read_user_content","pages_manage_engagement"]}})"),
      1000, ok);
  CHECK(ok.ok);
  daemon::Verdict other;
  daemon::judge_debug_token(
      fb, answer(200, R"({"data":{"type":"PAGE","is_valid":true,"profile_id":"222","scopes":[]}})"),
      1000, other);
  CHECK_FALSE(other.ok);
  CHECK(other.findings[0].find("the Page 222's, but account_id is 111") != std::string::npos);
  daemon::Verdict expired;
  daemon::judge_debug_token(
      fb, answer(200, R"({"data":{"type":"PAGE","is_valid":true,"profile_id":"111","expires_at":999,
        "scopes":["pages_read_engagement","pages_read_user_content","pages_manage_engagement"]}})"),
      1000, expired);
  CHECK_FALSE(expired.ok);
  daemon::Verdict refused;
  daemon::judge_debug_token(
      fb, answer(400, R"({"error":{"message":"Bad","type":"OAuthException","code":190}})"), 1000,
      refused);
  CHECK(refused.findings[0].find("not valid any more") != std::string::npos);
}

TEST_CASE("online judges: X's account and the mentions limit against the poll interval") {
  auto x = channel("x", "42");
  daemon::Verdict me;
  daemon::judge_x_me(x, answer(200, R"({"data":{"id":"43","username":"other"}})"), me);
  CHECK_FALSE(me.ok);
  CHECK(me.findings[0].find("@other's (id 43), but account_id is 42") != std::string::npos);
  auto basic = answer(200, R"({"meta":{"result_count":0}})");
  basic.headers = {{"x-rate-limit-limit", "10"}, {"x-rate-limit-remaining", "9"}};
  daemon::Verdict fast;
  daemon::judge_x_mentions(x, std::chrono::seconds{60}, basic, fast);
  CHECK_FALSE(fast.ok);
  CHECK(fast.findings.back().find("set poll_interval = \"90s\"") != std::string::npos);
  daemon::Verdict slow;
  daemon::judge_x_mentions(x, std::chrono::seconds{90}, basic, slow);
  CHECK(slow.ok);
  CHECK(slow.findings.back() ==
        "X's rate limit on mentions: 9 of 10 calls left in this 15-minute window");
}
