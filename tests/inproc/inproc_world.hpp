// In-process test world for the daemon's loops: the real store in a temporary folder, the real
// filters and policy, fake connectors, a fake clock whose sleeps take no real time, and a log
// sink that keeps lines in memory. A day of polling runs in milliseconds.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "../unit/store_fixture.hpp"
#include "connectors/connector.hpp"
#include "daemon/action_executor.hpp"
#include "daemon/channel_poller.hpp"
#include "daemon/clock.hpp"
#include "daemon/log_sink.hpp"
#include "daemon/metrics.hpp"
#include "daemon/school_classifier.hpp"

namespace hm::test {

using namespace std::chrono_literals;

// Time moves only when a loop sleeps: by the whole sleep, at once.
class FakeClock final : public daemon::Clock {
 public:
  explicit FakeClock(Time start) : now_(start) {}
  Time now() const override { return now_; }
  boost::asio::awaitable<bool> sleep(daemon::Wakeup& wakeup, std::chrono::milliseconds d) override {
    now_ += std::chrono::ceil<std::chrono::seconds>(d);
    co_return co_await wakeup.sleep_for(0ms);  // let the other loops run
  }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  Time now_;
};

class MemoryLog final : public daemon::LogSink {
 public:
  void write(daemon::LogPriority priority, std::string_view message) override {
    lines.emplace_back(priority, std::string(message));
  }
  bool has(daemon::LogPriority priority, std::string_view part) const {
    for (const auto& [p, text] : lines)
      if (p == priority && text.find(part) != std::string::npos) return true;
    return false;
  }
  std::vector<std::pair<daemon::LogPriority, std::string>> lines;
};

// A platform in memory. fetch() returns the scripted results first, then `pending` comments;
// apply() refuses on its own throttle (held back, platform not called) until `throttled_until`,
// answers the scripted `apply_scripted` results next, and while `hang` is set it never answers
// until release() (a platform call stuck in its deadlines, without any real time passing).
// `lose_answers` makes the next calls take effect but answer outcome_unknown (as an unreadable
// response would); current_state() reads the memory, or fails while `state_reads_fail`, or
// refuses the token while `refuse_state_reads`.
class FakeConnector final : public connectors::Connector {
 public:
  FakeConnector(const FakeClock& clock, moderation::Platform platform)
      : clock_(clock), platform_(platform) {}

  boost::asio::awaitable<connectors::FetchResult> fetch(const connectors::Cursor&) override {
    fetch_times.push_back(clock_.now());
    if (!scripted.empty()) {
      auto r = scripted.front();
      scripted.pop_front();
      co_return r;
    }
    connectors::FetchResult r;
    r.comments = std::move(pending);
    pending.clear();
    r.next_cursor = "cursor-" + std::to_string(fetch_times.size());
    r.api_calls = 1;
    co_return r;
  }

  boost::asio::awaitable<connectors::ActionResult> apply(
      const moderation::PlatformAction& action) override {
    connectors::ActionResult r;
    if (hang) {
      ++hung_calls;
      boost::asio::steady_timer gate(co_await boost::asio::this_coro::executor,
                                     boost::asio::steady_timer::time_point::max());
      gates_.insert(&gate);
      co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      gates_.erase(&gate);
    }
    if (throttled_until && clock_.now() < *throttled_until) {
      r.outcome = connectors::ActionOutcome::retryable_failure;
      r.retry_at = throttled_until;
      r.held_back = true;
      r.reason = "waiting for the rate limit to reset";
      co_return r;
    }
    if (!apply_scripted.empty()) {
      r = apply_scripted.front();
      apply_scripted.pop_front();
      refused_calls.push_back(action);
      co_return r;
    }
    platform_calls.push_back(action);
    if (action.kind == moderation::ActionKind::hide) hidden.insert(action.comment_id);
    if (action.kind == moderation::ActionKind::unhide) hidden.erase(action.comment_id);
    if (action.kind == moderation::ActionKind::delete_comment) deleted.insert(action.comment_id);
    if (action.kind == moderation::ActionKind::reply) replies.push_back(action.comment_id);
    if (lose_answers > 0) {
      --lose_answers;
      r.outcome = connectors::ActionOutcome::retryable_failure;
      r.outcome_unknown = true;
      r.retry_at = clock_.now() + 60s;
      r.reason = "the fake platform's answer was unreadable";
      co_return r;
    }
    r.outcome = connectors::ActionOutcome::done;
    r.reason = "the fake platform confirmed it";
    co_return r;
  }

  boost::asio::awaitable<connectors::StateRead> current_state(
      const moderation::PlatformAction& action) override {
    using Read = moderation::ObservedComment::Read;
    state_reads.push_back(action);
    connectors::StateRead r;
    if (!has_state_reads) {
      r.observed.read = Read::no_read;
      co_return r;
    }
    if (refuse_state_reads) {
      r.observed.read = Read::failed;
      r.token_invalid = true;
      r.message = "the fake platform refused the token";
      co_return r;
    }
    if (state_reads_fail > 0) {
      --state_reads_fail;
      r.observed.read = Read::failed;
      r.retry_at = clock_.now() + 60s;
      r.message = "the fake platform did not answer the read";
      co_return r;
    }
    if (deleted.contains(action.comment_id)) {
      r.observed.read = Read::gone;
      co_return r;
    }
    r.observed.read = Read::seen;
    r.observed.hidden = hidden.contains(action.comment_id);
    r.observed.our_reply_present = std::ranges::count(replies, action.comment_id) > 0;
    co_return r;
  }

  moderation::Capabilities capabilities() const override {
    return moderation::capabilities(platform_);
  }

  // The next action call is answered as if the platform refused the channel's token.
  void refuse_token(std::string reason) {
    connectors::ActionResult r;
    r.outcome = connectors::ActionOutcome::token_invalid;
    r.reason = std::move(reason);
    apply_scripted.push_back(std::move(r));
  }

  // Lets every hung call go on (and later ones through: `hang` is cleared).
  void release() {
    hang = false;
    for (auto* gate : gates_) gate->cancel();
  }

  std::deque<connectors::FetchResult> scripted;
  std::deque<connectors::ActionResult> apply_scripted;  // answered before any success
  std::vector<moderation::Comment> pending;
  std::optional<Time> throttled_until;
  bool hang = false;
  int hung_calls = 0;
  std::vector<Time> fetch_times;
  std::vector<moderation::PlatformAction> platform_calls;  // calls that reached the platform
  std::vector<moderation::PlatformAction> refused_calls;   // answered from apply_scripted
  std::set<std::string> hidden, deleted;
  std::vector<std::string> replies;  // the comment each reply was posted to, once per post
  int lose_answers = 0;
  int state_reads_fail = 0;
  bool refuse_state_reads = false;
  bool has_state_reads = true;  // false: a platform with no read (answers no_read)
  std::vector<moderation::PlatformAction> state_reads;

 private:
  std::set<boost::asio::steady_timer*> gates_;
  const FakeClock& clock_;
  moderation::Platform platform_;
};

struct InprocWorld : StoreFixture {
  FakeClock clock{kT0};
  MemoryLog log;
  boost::asio::io_context io;
  daemon::Metrics metrics;
  config::Config cfg = make_config();
  // The live filter exceptions, shared with the classifier as the daemon shares them.
  std::shared_ptr<daemon::FilterExceptions> exceptions =
      std::make_shared<daemon::FilterExceptions>();
  std::shared_ptr<const daemon::SchoolClassifier> classifier = build_classifier(cfg, exceptions);
  std::map<std::string, std::shared_ptr<FakeConnector>> connectors;
  daemon::ChannelBoard channels;
  daemon::ActionExecutor executor{
      io.get_executor(),
      *store,
      [this](std::string_view id) -> std::shared_ptr<connectors::Connector> {
        auto it = connectors.find(std::string(id));
        return it == connectors.end() ? nullptr : it->second;
      },
      channels,
      metrics,
      clock,
      log};

  InprocWorld() {
    for (auto p : {Platform::facebook, Platform::instagram, Platform::x})
      connectors[channel_of(p)] = std::make_shared<FakeConnector>(clock, p);
  }

  FakeConnector& connector(Platform p) { return *connectors.at(channel_of(p)); }

  // The channel's poll loop, every 60 s, on this world's store, board, clock and log.
  std::unique_ptr<daemon::ChannelPoller> make_poller(Platform p) {
    return std::make_unique<daemon::ChannelPoller>(
        io.get_executor(), channel_of(p), connectors.at(channel_of(p)), std::chrono::seconds(60),
        channels.of(channel_of(p)), *store, [this] { return classifier; }, metrics,
        executor.wakeup(), clock, log);
  }

  static config::Config make_config() {
    config::Config c;
    c.filters_dir = fs::path(HM_SOURCE_DIR) / "config" / "filters";
    c.daemon.listen = "127.0.0.1:8080";
    config::School school;
    school.id = "jh";
    school.name = "Joseph Hood Primary School";
    school.policy = deleting_policy("Please contact the office.");  // tests approve deletions
    for (auto p : {Platform::facebook, Platform::instagram, Platform::x})
      school.channels.push_back(
          {channel_of(p), std::string(moderation::to_string(p)), "1", "cred", 0, "", "", {}});
    c.schools.push_back(std::move(school));
    return c;
  }
  static std::shared_ptr<const daemon::SchoolClassifier> build_classifier(
      const config::Config& c, std::shared_ptr<const daemon::FilterExceptions> exceptions) {
    auto built = daemon::SchoolClassifier::build(c, std::move(exceptions));
    if (!built.classifier) throw std::runtime_error("filters did not load");
    return built.classifier;
  }

  void spawn(boost::asio::awaitable<void> loop) {
    boost::asio::co_spawn(io, std::move(loop), boost::asio::detached);
  }

  // Runs the loops until `done`; false when they all ended or `max_steps` handlers ran first.
  template <class Done>
  bool run_until(Done done, int max_steps = 500'000) {
    for (int i = 0; !done(); ++i)
      if (i >= max_steps || io.run_one() == 0) return false;
    return true;
  }

  // As run_until, but never blocks: false as soon as no loop is ready to run (every loop is
  // waiting on something that will not happen by itself, such as a hung platform call).
  template <class Done>
  bool run_ready_until(Done done, int max_steps = 500'000) {
    for (int i = 0; !done(); ++i)
      if (i >= max_steps || io.poll_one() == 0) return false;
    return true;
  }

  std::int64_t comment_id(const std::string& platform_id) {
    auto s = store->connection().prepare("SELECT id FROM comments WHERE platform_comment_id = ?");
    s.bind(1, platform_id);
    return s.step() ? s.int64(0) : 0;
  }
  std::optional<moderation::Action> action_of(const std::string& platform_id,
                                              moderation::ActionKind kind) {
    for (const auto& a : store->actions_for_comment(comment_id(platform_id)))
      if (a.kind == kind) return a;
    return std::nullopt;
  }
};

// Texts the shipped filters flag (the same as the end-to-end tests use).
inline constexpr const char* kAbusive = "f*ck this school, the head is a tw@t";
inline constexpr const char* kClean = "Lovely photos, well done everyone!";
// From ../shared/corpus/dev.jsonl, labelled safeguarding (contact request to pupils).
inline constexpr const char* kSafeguarding = "Which of these girls has snapchat? add me x";

}  // namespace hm::test
