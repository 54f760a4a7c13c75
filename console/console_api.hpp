// The JSON API under /api/v1 (docs/api.md; DESIGN.md §8, §9): sign-in, the action queue and
// decisions, comments, authors, the audit log, evidence, the filter tester, filter exceptions,
// users and tokens.
//
// Shaped like Boost.MySQL's http_server_cpp20 example: the listener (daemon/http_server) calls
// handle(), which authenticates, checks CSRF and routes to one handler per endpoint; handlers
// read through action_view and write through store::Store / store::Accounts.
//
// Error policy: everything a client can get wrong (bad JSON, unknown ids, forbidden schools, an
// action in the wrong state) is an expected failure answered with a 4xx and {"error": "..."}.
// A write that finds the disk full (store::StorageFull) is rolled back and answered 507 with
// a plain message. Other store failures throw; the listener's catch-all answers 500 and the
// process carries on.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console/http_types.hpp"
#include "filters/verdict.hpp"
#include "moderation/plan.hpp"
#include "moderation/types.hpp"
#include "store/accounts.hpp"
#include "store/backtest_pass.hpp"
#include "store/store.hpp"

namespace hm::console {

struct Caller {
  std::string address;  // the client's IP, for the login throttle
  bool tls = false;
};

struct SchoolInfo {
  struct Channel {
    std::string id;
    std::string platform;
  };
  std::string id;
  std::string name;
  std::vector<Channel> channels;
  std::string signposting{};  // [school.safeguarding] signposting; empty: none configured
};

// A channel's health as the daemon's poll loop and executor see it (daemon/channel_status.hpp),
// for the Today page.
struct ChannelHealth {
  std::string id;
  std::string state;   // starting | polling | backing_off | rate_limited | stopped
  std::string reason;  // the last problem; empty when none
  std::optional<moderation::Time> last_ok_at;
  std::optional<moderation::Time> next_poll_at;
};

// A backtest's candidate, as the daemon builds it on a worker (issue 16): the judge of the
// stored comments, or why there is none.
struct BacktestCandidate {
  std::optional<store::BacktestJudge> judge;
  std::string problem;  // set when judge is nullopt: "the lists on disk do not load: ..."
};

struct ConsoleHooks {
  // The live rules' verdict for a text in a school (the filter tester); may be empty.
  // The filter tester: the school's filters and the steps its policy asks for.
  std::function<moderation::PolicyVerdict(std::string_view text, std::string_view school)> classify;
  // Called after a decision approved something, so the executor starts it at once.
  std::function<void()> actions_approved;
  // Every polled channel's health; a configured channel missing here is not polled (its
  // credential could not be read at start). May be empty (then no channel is known to run).
  std::function<std::vector<ChannelHealth>()> channels;
  // A filter exception was added or removed (school, normalised text): the daemon's live set
  // follows at once, without reading the database.
  std::function<void(const std::string& school, const std::string& text)> exception_added;
  std::function<void(const std::string& school, const std::string& text)> exception_removed;
  // The live rules' plain-English reason for a rule id ("Looks like a UK phone number"); empty
  // when the rules do not know it. Views fall back to the category in words.
  std::function<std::string(std::string_view rule_id)> describe_rule;
  // The strike rule of a channel's school ([school.policy]); the default rule when absent.
  std::function<moderation::StrikeRule(std::string_view channel)> strike_rule;
  // The backtest (issue 16). Called on the io thread; the function it returns runs on a worker
  // and builds the candidate: the live rules, or (`on_disk`) those a reload would load from
  // the config file now; with the learned model counted as if active (`model_on`) or as
  // configured. May be empty (then the console offers no backtest).
  std::function<std::function<BacktestCandidate()>(bool on_disk, bool model_on)> backtest;
};

struct ConsoleOptions {
  // Session cookies are Secure unless the listener is plain HTTP on a loopback address (a
  // browser would not send a Secure cookie back over http://127.0.0.1).
  bool secure_cookies = true;
  store::AccountPolicy accounts;
  // How long a deletion decided on an item waits before it runs ([console] undo_window).
  std::chrono::seconds undo_window{30};
};

class ConsoleApi {
 public:
  ConsoleApi(store::Store& store, std::vector<SchoolInfo> schools, ConsoleHooks hooks,
             ConsoleOptions options);
  ~ConsoleApi();
  ConsoleApi(const ConsoleApi&) = delete;
  ConsoleApi& operator=(const ConsoleApi&) = delete;

  // A request whose target starts with /api/. start() may answer with SlowWork for the caller
  // to run off its io thread (daemon/http_server does); handle() runs any slow work inline.
  Reply start(const HttpRequest& request, const Caller& caller, moderation::Time now);
  HttpResponse handle(const HttpRequest& request, const Caller& caller, moderation::Time now);

  // Sign-in outcomes since the daemon started, for /metrics: a rise in refusals is the sign of
  // a guessing attack that the throttle is slowing (the audit log keeps only one row for it).
  struct SignInCounts {
    std::uint64_t signed_in = 0;
    std::uint64_t wrong_password = 0;  // or an unknown name: the two look the same
    std::uint64_t code_asked = 0;      // right password, the second factor still to give
    std::uint64_t wrong_code = 0;
    std::uint64_t throttled = 0;
  };
  SignInCounts sign_in_counts() const;

  // Replaces the school list after a configuration reload.
  void set_schools(std::vector<SchoolInfo> schools);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hm::console
