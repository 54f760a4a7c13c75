// An in-process ConsoleApi over a real store with two schools, users of every role, and a
// helper that sends requests through ConsoleApi::handle exactly as the listener does.
#pragma once

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "console/console_api.hpp"
#include "tests/unit/store_fixture.hpp"

namespace hm::test {

using Json = nlohmann::json;
namespace http = boost::beast::http;

inline constexpr std::string_view kPassword = "correct horse battery";

struct ApiFixture : StoreFixture {
  std::optional<console::ConsoleApi> api;
  int approvals_signalled = 0;
  std::vector<std::pair<std::string, std::string>> exceptions_added, exceptions_removed;
  std::map<std::string, std::string> tokens;  // user name → bearer token
  Time now = kT0;
  std::vector<console::ChannelHealth> channel_health;  // what the daemon's board would say

  // second_factor_roles: as [console] second_factor_roles (the daemon's default is admin and
  // safeguarding; these tests opt in).
  explicit ApiFixture(bool secure_cookies = true,
                      std::vector<store::Role> second_factor_roles = {}) {
    store->upsert_school("oak", "Oak Academy");
    store->upsert_channel({"oak-facebook", "oak", Platform::facebook, "99887766"});
    console::ConsoleHooks hooks;
    hooks.classify = [](std::string_view text, std::string_view) {
      moderation::PolicyVerdict judged;
      filters::Verdict& v = judged.verdict;
      if (text.find("idiot") != std::string_view::npos) {
        v.categories.insert(Category::abuse);
        auto at = text.find("idiot");
        v.matches.push_back({"insult", Category::abuse, 2, at, at + 5});
      }
      judged.actions = moderation::policy_actions(moderation::default_policy(""), v.categories);
      return judged;
    };
    hooks.actions_approved = [this] { ++approvals_signalled; };
    hooks.exception_added = [this](const std::string& school, const std::string& text) {
      exceptions_added.emplace_back(school, text);
    };
    hooks.exception_removed = [this](const std::string& school, const std::string& text) {
      exceptions_removed.emplace_back(school, text);
    };
    hooks.channels = [this] { return channel_health; };
    // As the live rules answer: a description for the rules they know, nothing otherwise.
    hooks.describe_rule = [](std::string_view rule) {
      return rule == "rule.abuse" ? std::string("Insults someone") : std::string();
    };
    // The backtest's candidate: the live rules above, or "on disk" rules that also call
    // "numpty" abuse; there is no learned model to try.
    hooks.backtest = [](bool on_disk, bool model_on) {
      return [on_disk, model_on] {
        console::BacktestCandidate c;
        if (model_on) {
          c.problem = "there is no learned model to try";
          return c;
        }
        static const moderation::SchoolPolicy policy = moderation::default_policy("");
        store::BacktestJudge j;
        j.policy = [](std::string_view school) {
          return school == "jh" || school == "oak" ? &policy : nullptr;
        };
        j.verdict = [on_disk](std::string_view text, std::string_view) {
          Verdict v;
          for (std::string_view word : {"idiot", "numpty"}) {
            const auto at = text.find(word);
            if (at == std::string_view::npos || (word == "numpty" && !on_disk)) continue;
            v.categories.insert(Category::abuse);
            v.matches.push_back(
                {"rule." + std::string(word), Category::abuse, 2, at, at + word.size()});
          }
          return v;
        };
        c.judge = std::move(j);
        return c;
      };
    };
    std::vector<console::SchoolInfo> schools{
        {"jh",
         "Joseph Hood Primary School",
         {{"jh-facebook", "facebook"}, {"jh-x", "x"}},
         "A child in immediate danger: call 999."},
        {"oak", "Oak Academy", {{"oak-facebook", "facebook"}}}};
    console::ConsoleOptions options;
    options.secure_cookies = secure_cookies;
    options.accounts.second_factor_roles = std::move(second_factor_roles);
    api.emplace(*store, schools, hooks, options);
  }

  // A user with one grant and a bearer token for them (cheap to use in every test).
  void user(const std::string& name, store::Role role, const std::string& school) {
    store::Accounts accounts(store->connection());
    auto added = accounts.add_user(name, kPassword, {{role, school}}, "test", now);
    REQUIRE_MESSAGE(added.has_value(), (added ? "" : added.error()));
    auto token = accounts.create_token(name, "test", "test", now);
    REQUIRE(token.has_value());
    tokens[name] = token->second;
  }

  void everyone() {
    user("admin", store::Role::admin, "*");
    user("jh-mod", store::Role::moderator, "jh");
    user("oak-mod", store::Role::moderator, "oak");
    user("jh-viewer", store::Role::viewer, "jh");
    user("jh-dsl", store::Role::safeguarding, "jh");
  }

  console::HttpResponse send(http::verb method, const std::string& target,
                             const std::string& body = "",
                             const std::map<std::string, std::string>& headers = {}) {
    console::HttpRequest r{method, target, 11};
    for (const auto& [k, v] : headers) r.set(k, v);
    if (!body.empty() && !headers.count("Content-Type")) r.set("Content-Type", "application/json");
    r.body() = body;
    r.prepare_payload();
    return api->handle(r, {"127.0.0.1", false}, now);
  }

  console::HttpResponse as(const std::string& name, http::verb method, const std::string& target,
                           const std::string& body = "") {
    return send(method, target, body, {{"Authorization", "Bearer " + tokens.at(name)}});
  }

  static Json json(const console::HttpResponse& r) { return Json::parse(r.body(), nullptr, false); }

  // A flagged comment on `channel`; returns the ids of the actions the policy proposed.
  std::vector<std::int64_t> flagged(const std::string& id, const std::string& channel,
                                    std::initializer_list<Category> categories,
                                    const std::string& text = "you idiot",
                                    const std::string& author = "author-1") {
    Comment c = comment(id, author, text);
    c.channel_id = channel;
    c.platform = channel == "jh-x" ? Platform::x : Platform::facebook;
    return post(c, verdict_of(categories)).action_ids;
  }

  std::string state_of(std::int64_t action_id) {
    return std::string(moderation::to_string(store->action(action_id)->progress.state));
  }

  std::int64_t of_kind(const std::vector<std::int64_t>& ids, moderation::ActionKind kind) {
    for (auto id : ids)
      if (store->action(id)->kind == kind) return id;
    FAIL("no action of that kind");
    return 0;
  }
};

// An item's path, or one of its sub-resources ("decide"), and a decision's JSON body.
inline std::string item_path(std::int64_t id, const std::string& what = "") {
  return "/api/v1/items/" + std::to_string(id) + (what.empty() ? "" : "/" + what);
}

inline std::string decision(const std::string& name, const std::string& extra = "") {
  return R"({"decision":")" + name + "\"" + extra + "}";
}

}  // namespace hm::test
