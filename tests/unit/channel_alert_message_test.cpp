// The "a channel stopped" notice to admins: says which channel, that the token was refused, what
// the platform said and what to do, links to the Today page; config and platform text cannot add
// headers or chat mentions.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "daemon/alerts/channel_alert_message.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::daemon::alerts;
using hm::test::kT0;

namespace {

ChannelAlertFacts sample() {
  return {3,
          "joseph-hood",
          "Joseph Hood Primary School",
          "jh-facebook",
          moderation::Platform::facebook,
          "Graph error 190/463: Error validating access token: Session has expired",
          kT0,
          "https://hallmonitor.school.example"};
}

EmailEnvelope envelope() {
  return {"hallmonitor@school.example",
          {"head@school.example", "it@trust.example"},
          "hallmonitor.channel.3.00ff@school.example",
          kT0};
}

}  // namespace

TEST_CASE("channel notice: subject, what happened, what to do, the Today link") {
  const auto f = sample();
  CHECK(channel_alert_subject(f) ==
        "hallmonitor: Facebook stopped at Joseph Hood Primary School: action needed");
  const auto lines = channel_alert_lines(f);
  REQUIRE(lines.size() > 6);
  CHECK(lines[0] ==
        "Facebook stopped at Joseph Hood Primary School: the platform refused its access "
        "token or a permission");
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  CHECK(all.find("(jh-facebook)") != std::string::npos);
  CHECK(all.find("What Facebook said: Graph error 190/463") != std::string::npos);
  CHECK(all.find("1. Renew the channel's access token") != std::string::npos);
  CHECK(all.find("systemctl reload hallmonitor") != std::string::npos);
  CHECK(all.find("https://hallmonitor.school.example/#/today") != std::string::npos);

  const std::string mail = channel_alert_email(f, envelope());
  CHECK(mail.find("Subject: hallmonitor: Facebook stopped at Joseph Hood Primary School: action "
                  "needed\r\n") != std::string::npos);
  CHECK(mail.find("To: head@school.example,\r\n it@trust.example\r\n") != std::string::npos);
  CHECK(mail.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
}

TEST_CASE("channel notice: a school name or platform answer cannot add headers or mentions") {
  auto f = sample();
  f.school_name = "Evil\r\nBcc: everyone@example.com";
  f.reason = "expired <!channel> \r\nX-Injected: yes";
  const std::string mail = channel_alert_email(f, envelope());
  CHECK(mail.find("\r\nBcc:") == std::string::npos);
  CHECK(mail.find("\r\nX-Injected:") == std::string::npos);
  const auto body = nlohmann::json::parse(channel_alert_webhook_body(f));
  const std::string text = body.at("text");
  CHECK(text.find("<!channel>") == std::string::npos);
  CHECK(text.find("&lt;!channel&gt;") != std::string::npos);
}
