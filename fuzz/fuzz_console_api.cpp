// libFuzzer over the JSON API's request handling: arbitrary targets, headers, cookies and bodies
// from a signed-in moderator of one school, against a real store holding two schools' actions.
// The API must answer every input with a status, never crash, and never let the moderator
// change another school's action.
//
// Input layout: byte 0 picks the method; then "target\nheader: value\n...\n\nbody".
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "console/console_api.hpp"
#include "daemon/judge_version.hpp"
#include "moderation/policy.hpp"
#include "store/store.hpp"

using namespace hm;
namespace http = boost::beast::http;

namespace {

struct World {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("hm-fuzz-console-" + std::to_string(::getpid()));
  std::optional<store::Store> db;
  std::optional<console::ConsoleApi> api;
  std::string token;
  std::int64_t other_school_action = 0;
  // Its state as recorded: since issue 12 the default policy deletes nothing, so the last action
  // is an (approved) hide, not a proposed deletion. Whatever it is, jh's moderator must not move
  // it.
  moderation::ActionState other_school_state{};
  moderation::SchoolPolicy policy = moderation::default_policy("Please contact the office.");

  World() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db.emplace(dir / "hallmonitor.db");
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    for (const char* school : {"jh", "oak"}) {
      db->upsert_school(school, school);
      db->upsert_channel(
          {std::string(school) + "-fb", school, moderation::Platform::facebook, "1"});
      moderation::Comment c;
      c.channel_id = std::string(school) + "-fb";
      c.platform_comment_id = std::string(school) + "-c";
      c.author_id = "a";
      c.text = "idiot";
      c.created_at = now;
      filters::Verdict v;
      v.categories.insert(filters::Category::abuse);
      auto ingested = db->ingest(std::span(&c, 1), now);
      auto recorded = hm::daemon::judge_version(*db, ingested.at(0).version_id, v, policy, now);
      if (std::string_view(school) == "oak") {
        other_school_action = recorded.action_ids.back();
        other_school_state = db->action(other_school_action)->progress.state;
      }
    }
    store::Accounts accounts(db->connection());
    (void)accounts.add_user("mod", "fuzzing passphrase", {{store::Role::moderator, "jh"}}, "fuzz",
                            now);
    token = accounts.create_token("mod", "fuzz", "fuzz", now)->second;
    console::ConsoleHooks hooks;
    hooks.classify = [](std::string_view, std::string_view) { return moderation::PolicyVerdict{}; };
    api.emplace(*db, std::vector<console::SchoolInfo>{{"jh", "jh", {}}, {"oak", "oak", {}}}, hooks,
                console::ConsoleOptions{});
  }
  ~World() { std::filesystem::remove_all(dir); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size < 1) return 0;
  static constexpr http::verb kVerbs[] = {http::verb::get, http::verb::post, http::verb::delete_,
                                          http::verb::put, http::verb::head};
  const http::verb method = kVerbs[data[0] % 5];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto end_of_target = rest.find('\n');
  std::string target(rest.substr(0, end_of_target));
  if (target.empty() || target.size() > 2048) return 0;
  console::HttpRequest r;
  try {
    r.method(method);
    r.target(target);
  } catch (...) {
    return 0;  // Beast refuses targets with control characters before any handler runs
  }
  r.version(11);
  r.set(http::field::authorization, "Bearer " + world.token);
  rest = end_of_target == std::string_view::npos ? "" : rest.substr(end_of_target + 1);
  while (!rest.empty() && rest.front() != '\n') {
    auto eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? "" : rest.substr(eol + 1);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    try {
      r.set(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    } catch (...) {
    }
  }
  if (!rest.empty()) r.body() = std::string(rest.substr(1));
  auto response = world.api->handle(
      r, {"127.0.0.1", false},
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  if (response.result_int() < 100 || response.result_int() > 599) std::abort();
  // The moderator of jh must never move oak's action.
  if (world.db->action(world.other_school_action)->progress.state != world.other_school_state)
    std::abort();
  return 0;
}
