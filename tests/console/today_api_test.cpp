// GET /api/v1/today through ConsoleApi::handle: channel health from the daemon's hook in plain
// words, hidden counts by category for today and the week, what waits, and school scoping.
#include "tests/console/api_fixture.hpp"

using namespace hm;
using namespace hm::test;
using http::verb;
using moderation::ActionKind;
namespace event = moderation::event;

namespace {

// The executor's two writes for a hide that reached the platform, at `at`.
void hidden_at(ApiFixture& f, std::int64_t hide, Time at) {
  REQUIRE(f.store->transition(hide, event::Start{at}, "executor", "calling the platform", at));
  REQUIRE(f.store->transition(hide, event::Succeeded{}, "executor", "hidden", at));
}

const Json* channel(const Json& today, const std::string& id) {
  for (const auto& c : today["channels"])
    if (c["id"] == id) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("today: a stopped channel says so in words with what to do; a running one is working") {
  ApiFixture f;
  f.everyone();
  f.channel_health = {
      {"jh-facebook", "stopped", "Graph error 190: the access token has expired",
       f.now - std::chrono::hours(2), std::nullopt},
      {"jh-x", "polling", "", f.now - std::chrono::seconds(30), f.now + std::chrono::seconds(30)},
  };
  auto r = f.as("jh-mod", verb::get, "/api/v1/today");
  REQUIRE(r.result() == http::status::ok);
  const Json today = ApiFixture::json(r);
  REQUIRE(today["channels"].size() == 2);  // jh's two channels, not oak's
  const Json* fb = channel(today, "jh-facebook");
  REQUIRE(fb);
  CHECK((*fb)["school"] == "jh");
  CHECK((*fb)["platform"] == "facebook");
  CHECK((*fb)["platform_name"] == "Facebook");
  CHECK((*fb)["state"] == "stopped");
  CHECK((*fb)["reason"] == "Graph error 190: the access token has expired");
  CHECK((*fb)["words"] ==
        "stopped: the platform refused its access token or a permission, or a setting is wrong. "
        "Fix what it said and reload (see README)");
  CHECK((*fb)["needs_person"] == true);
  CHECK((*fb)["next_poll_at"].is_null());
  CHECK((*fb)["last_ok_at"] == "2027-01-15T06:00:00Z");
  const Json* x = channel(today, "jh-x");
  REQUIRE(x);
  CHECK((*x)["words"] == "working");
  CHECK((*x)["needs_person"] == false);
  CHECK((*x)["next_poll_at"] == "2027-01-15T08:00:30Z");
}

TEST_CASE("today: a configured channel the daemon is not polling reads as not running") {
  ApiFixture f;
  f.everyone();
  f.channel_health = {{"jh-x", "polling", "", std::nullopt, std::nullopt}};
  const Json today = ApiFixture::json(f.as("admin", verb::get, "/api/v1/today?school=jh"));
  const Json* fb = channel(today, "jh-facebook");
  REQUIRE(fb);
  CHECK((*fb)["state"] == "stopped");
  CHECK((*fb)["words"].get<std::string>().find("could not be read") != std::string::npos);
  CHECK(today["channels"].size() == 2);  // ?school=jh: oak's channel left out
}

TEST_CASE("today: hidden per category today and this week, and what waits") {
  ApiFixture f;
  f.everyone();
  // Hidden now, hidden three days ago, hidden twelve days ago (outside the week), not hidden yet.
  hidden_at(f, f.of_kind(f.flagged("c1", "jh-facebook", {Category::abuse}), ActionKind::hide),
            f.now);
  hidden_at(f,
            f.of_kind(f.flagged("c2", "jh-facebook", {Category::spam, Category::abuse}),
                      ActionKind::hide),
            f.now - std::chrono::hours(72));
  hidden_at(f, f.of_kind(f.flagged("c3", "jh-x", {Category::abuse}), ActionKind::hide),
            f.now - std::chrono::hours(24 * 12));
  f.flagged("c4", "jh-facebook", {Category::safeguarding});  // escalation proposed, hide not run
  hidden_at(f, f.of_kind(f.flagged("o1", "oak-facebook", {Category::abuse}), ActionKind::hide),
            f.now);

  const Json today = ApiFixture::json(f.as("jh-mod", verb::get, "/api/v1/today"));
  CHECK(today["hidden"]["today"] == Json{{"abuse", 1}});
  CHECK(today["hidden"]["week"] == Json{{"abuse", 2}, {"spam", 1}});
  CHECK(today["waiting"]["safeguarding"] == 1);
  CHECK(today["waiting"]["needs"].get<int>() >= 1);
  CHECK(today["waiting"]["failed"] == 0);

  // The admin sees both schools; ?school=oak only Oak's.
  const Json all = ApiFixture::json(f.as("admin", verb::get, "/api/v1/today"));
  CHECK(all["hidden"]["today"] == Json{{"abuse", 2}});
  const Json oak = ApiFixture::json(f.as("admin", verb::get, "/api/v1/today?school=oak"));
  CHECK(oak["hidden"]["today"] == Json{{"abuse", 1}});
  CHECK(oak["waiting"]["safeguarding"] == 0);
}

TEST_CASE("today: another school is not found; signing in is required") {
  ApiFixture f;
  f.everyone();
  CHECK(f.as("oak-mod", verb::get, "/api/v1/today?school=jh").result() == http::status::not_found);
  CHECK(f.as("oak-mod", verb::get, "/api/v1/today?school=nowhere").result() ==
        http::status::not_found);
  CHECK(f.send(verb::get, "/api/v1/today").result() == http::status::unauthorized);
  CHECK(f.as("admin", verb::post, "/api/v1/today").result() == http::status::method_not_allowed);
}

TEST_CASE("rules/stats: hits per rule and how often moderators showed them again, per school") {
  ApiFixture f;
  f.everyone();
  // Two abuse comments hidden; a moderator shows one again. One spam comment at oak.
  std::vector<std::int64_t> ids;
  for (const char* id : {"c1", "c2"}) {
    const auto hide = f.of_kind(
        f.flagged(id, "jh-facebook", {Category::abuse}, "you idiot", std::string("author-") + id),
        ActionKind::hide);
    hidden_at(f, hide, f.now);
    ids.push_back(f.store->action(hide)->comment_id);
  }
  f.flagged("c3", "oak-facebook", {Category::spam});
  auto shown = f.as("jh-mod", verb::post, item_path(ids[0], "decide"), decision("show_again"));
  REQUIRE(shown.result() == http::status::ok);

  auto r = f.as("jh-mod", verb::get, "/api/v1/rules/stats");
  REQUIRE(r.result() == http::status::ok);
  const Json stats = ApiFixture::json(r);
  CHECK(stats["days"] == 30);
  REQUIRE(stats["rules"].size() == 1);  // jh's moderator does not see oak's spam rule
  const Json& abuse = stats["rules"][0];
  CHECK(abuse["rule"] == "rule.abuse");
  CHECK(abuse["hits"] == 2);
  CHECK(abuse["decided"] == 1);
  CHECK(abuse["shown_again"] == 1);
  CHECK(abuse.contains("description"));

  const Json all = ApiFixture::json(f.as("admin", verb::get, "/api/v1/rules/stats"));
  CHECK(all["rules"].size() == 2);
  CHECK(f.as("admin", verb::get, "/api/v1/rules/stats?days=0").result() ==
        http::status::bad_request);
  CHECK(f.as("jh-mod", verb::get, "/api/v1/rules/stats?school=oak").result() ==
        http::status::not_found);
}
