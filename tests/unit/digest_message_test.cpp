// The daily digest: the message says counts per category, what waits, channel problems and the
// console links, never more; the schedule helpers find the local day and the next digest time.
#include <doctest/doctest.h>

#include "daemon/alerts/digest_message.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::daemon::alerts;
using hm::test::kT0;  // 2027-01-15 08:00:00 UTC

namespace {

DigestFacts sample() {
  DigestFacts f;
  f.school_id = "joseph-hood";
  f.school_name = "Joseph Hood Primary School";
  f.day = "2027-01-15";
  f.hidden = {{"abuse", 12}, {"spam", 3}};
  f.needs = 4;
  f.urgent = 1;
  f.safeguarding = 2;
  f.failed = 1;
  f.handled = 20;
  f.channel_problems = {
      "Facebook (jh-facebook): stopped: the access token was refused. Renew it "
      "and reload (see README)"};
  f.console_url = "https://hallmonitor.school.example";
  return f;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("digest: counts per category, what waits, channel problems, links") {
  const auto f = sample();
  CHECK(digest_subject(f) == "hallmonitor daily digest: Joseph Hood Primary School, 2027-01-15");
  const std::string text = joined(digest_lines(f));
  CHECK(text.find("Hidden in the last 24 hours: 15 comments\n  Abuse: 12\n  Spam: 3\n") !=
        std::string::npos);
  CHECK(text.find("Waiting for a decision: 4 comments\n") != std::string::npos);
  CHECK(text.find("URGENT (risk to life): 1: https://hallmonitor.school.example/#/safeguarding") !=
        std::string::npos);
  CHECK(text.find("Safeguarding concerns: 2") != std::string::npos);
  CHECK(text.find("Could not be carried out: 1") != std::string::npos);
  CHECK(text.find("20 hidden comments are handled and safe.") != std::string::npos);
  CHECK(text.find("Channels that need someone:\n  Facebook (jh-facebook): stopped") !=
        std::string::npos);
  CHECK(text.find("https://hallmonitor.school.example/#/today") != std::string::npos);
  CHECK(text.find("https://hallmonitor.school.example/#/queue") != std::string::npos);

  auto quiet = sample();
  quiet.hidden.clear();
  quiet.needs = quiet.urgent = quiet.safeguarding = quiet.failed = quiet.handled = 0;
  quiet.channel_problems.clear();
  const std::string calm = joined(digest_lines(quiet));
  CHECK(calm.find("Hidden in the last 24 hours: 0 comments") != std::string::npos);
  CHECK(calm.find("Nothing waits for a decision.") != std::string::npos);
  CHECK(calm.find("Every channel is running.") != std::string::npos);
}

TEST_CASE("digest: a school name cannot add a header") {
  auto f = sample();
  f.school_name = "Oak\r\nBcc: everyone@example.com";
  const std::string mail =
      digest_email(f, {"hallmonitor@school.example", {"head@school.example"}, "id@school", kT0});
  CHECK(mail.find("\r\nBcc:") == std::string::npos);
  CHECK(mail.find("Subject: hallmonitor daily digest: Oak") != std::string::npos);
}

TEST_CASE("digest schedule: the local day and the next digest time, in any zone") {
  using std::chrono::hours;
  using std::chrono::minutes;
  const std::chrono::seconds utc{0}, bst{3600}, nz{13 * 3600}, ny{-5 * 3600};
  CHECK(local_day(kT0, utc) == "2027-01-15");
  CHECK(local_day(kT0, nz) == "2027-01-15");             // 21:00 there
  CHECK(local_day(kT0 + hours(3), nz) == "2027-01-16");  // past midnight there
  CHECK(local_day(kT0 - hours(9), ny) == "2027-01-14");
  CHECK(local_day(moderation::Time{}, utc) == "1970-01-01");
  // 07:00 local has passed at 08:00 UTC; 09:00 in BST is 08:00 UTC, exactly then.
  CHECK(digest_time_passed(kT0, 7 * 60, utc));
  CHECK(digest_time_passed(kT0, 9 * 60, bst));
  CHECK_FALSE(digest_time_passed(kT0, 9 * 60 + 1, bst));
  CHECK(next_digest_time(kT0, 9 * 60, utc) == kT0 + hours(1));
  CHECK(next_digest_time(kT0, 8 * 60, utc) == kT0);
  CHECK(next_digest_time(kT0, 7 * 60, utc) == kT0 + hours(23));
  CHECK(next_digest_time(kT0, 7 * 60 + 30, bst) == kT0 + hours(22) + minutes(30));
}
