// Filter exceptions end to end in process: a moderator adds one through the console API, the
// console's hook updates the daemon's live set, and the daemon's next poll (ingest with the real
// shipped filters) lets the identical text through, but never a safeguarding text.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "console/console_api.hpp"
#include "daemon/ingest.hpp"
#include "inproc_world.hpp"
#include "store/accounts.hpp"

using namespace hm;
using namespace hm::test;
using moderation::ActionKind;
namespace http = boost::beast::http;

namespace {

struct ConsoleOverWorld {
  InprocWorld& w;
  std::optional<console::ConsoleApi> api;
  std::string token;

  explicit ConsoleOverWorld(InprocWorld& world) : w(world) {
    console::ConsoleHooks hooks;  // wired as daemon/service.cpp wires them
    hooks.exception_added = [this](const std::string& school, const std::string& text) {
      w.exceptions->add(school, text);
    };
    hooks.exception_removed = [this](const std::string& school, const std::string& text) {
      w.exceptions->remove(school, text);
    };
    api.emplace(*w.store, std::vector<console::SchoolInfo>{{"jh", "Joseph Hood", {}}}, hooks,
                console::ConsoleOptions{});
    store::Accounts accounts(w.store->connection());
    REQUIRE(accounts.add_user("mod", "correct horse battery", {{store::Role::moderator, "jh"}},
                              "test", kT0));
    token = accounts.create_token("mod", "laptop", "test", kT0)->second;
  }

  console::HttpResponse send(http::verb method, const std::string& target,
                             const std::string& body = "") {
    console::HttpRequest r{method, target, 11};
    r.set("Authorization", "Bearer " + token);
    if (!body.empty()) r.set("Content-Type", "application/json");
    r.body() = body;
    r.prepare_payload();
    return api->handle(r, {"127.0.0.1", false}, w.clock.now());
  }

  std::int64_t add_exception(const std::string& platform_id) {
    auto r = send(http::verb::post, "/api/v1/exceptions",
                  R"({"comment": )" + std::to_string(w.comment_id(platform_id)) + "}");
    REQUIRE(r.result() == http::status::created);
    return nlohmann::json::parse(r.body())["id"].get<std::int64_t>();
  }
};

// One poll of the Facebook channel bringing `comments`, as the poller ingests it.
void poll(InprocWorld& w, std::vector<Comment> comments) {
  static int cursor = 0;
  daemon::ingest_poll(*w.store, *w.classifier, "jh-facebook", comments,
                      "cursor-" + std::to_string(++cursor), w.clock.now());
}

}  // namespace

TEST_CASE("after an exception the identical text re-posted is not hidden; safeguarding still is") {
  InprocWorld w;
  ConsoleOverWorld console(w);

  poll(w, {StoreFixture::comment("c1", "parent-a", kAbusive)});
  REQUIRE(w.action_of("c1", ActionKind::hide));
  const auto exception = console.add_exception("c1");  // shown again, then "don't flag this"

  // The same words from someone else, in other case and spacing: judged clean, nothing planned.
  std::string shouted = std::string(kAbusive);
  for (char& c : shouted) c = char(std::toupper(static_cast<unsigned char>(c)));
  poll(w, {StoreFixture::comment("c2", "parent-b", "  " + shouted + "\n")});
  CHECK_FALSE(w.action_of("c2", ActionKind::hide));
  CHECK(w.store->actions_for_comment(w.comment_id("c2")).empty());
  // Other text from the same school is still judged as ever.
  poll(w, {StoreFixture::comment("c3", "parent-c", std::string(kAbusive) + " honestly")});
  CHECK(w.action_of("c3", ActionKind::hide));

  // A safeguarding text with an exception is hidden and escalated all the same.
  poll(w, {StoreFixture::comment("s1", "stranger", kSafeguarding)});
  REQUIRE(w.action_of("s1", ActionKind::hide));
  console.add_exception("s1");
  poll(w, {StoreFixture::comment("s2", "stranger-2", kSafeguarding)});
  CHECK(w.action_of("s2", ActionKind::hide));
  CHECK(w.action_of("s2", ActionKind::escalate));

  // Removed again: the text is flagged from the next poll on.
  REQUIRE(console.send(http::verb::delete_, "/api/v1/exceptions/" + std::to_string(exception))
              .result() == http::status::no_content);
  poll(w, {StoreFixture::comment("c4", "parent-d", kAbusive)});
  CHECK(w.action_of("c4", ActionKind::hide));
}

TEST_CASE("the live set: exact normalised text per school") {
  daemon::FilterExceptions set;
  set.replace({{"jh", "well done"}});
  CHECK(set.covers("jh", "  WELL   done "));
  CHECK_FALSE(set.covers("oak", "well done"));  // per school
  CHECK_FALSE(set.covers("jh", "well done!"));
  set.add("oak", "well done");
  CHECK(set.covers("oak", "Well Done"));
  set.remove("jh", "well done");
  CHECK_FALSE(set.covers("jh", "well done"));
  set.replace({});
  CHECK_FALSE(set.covers("oak", "well done"));
}
