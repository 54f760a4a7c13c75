#include "daemon/channel_poller.hpp"

#include "daemon/ingest.hpp"
#include "daemon/poll_schedule.hpp"

namespace hm::daemon {
namespace {
// The seconds histogram buckets for poll latency.
const std::vector<double> kPollBuckets = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}  // namespace

ChannelPoller::ChannelPoller(boost::asio::any_io_executor executor, std::string channel_id,
                             std::shared_ptr<connectors::Connector> connector,
                             std::chrono::seconds interval, ChannelStatus& status,
                             store::Store& store,
                             std::function<std::shared_ptr<const SchoolClassifier>()> classifier,
                             Metrics& metrics, Wakeup& executor_wakeup, Clock& clock, LogSink& log)
    : channel_id_(std::move(channel_id)),
      connector_(std::move(connector)),
      interval_(interval),
      store_(store),
      classifier_(std::move(classifier)),
      metrics_(metrics),
      executor_wakeup_(executor_wakeup),
      clock_(clock),
      log_(log),
      wakeup_(std::move(executor)),
      status_(status) {
  status_.id = channel_id_;
}

void ChannelPoller::stop() {
  stopping_ = true;
  wakeup_.wake();
}

void ChannelPoller::restart(std::shared_ptr<connectors::Connector> connector) {
  connector_ = std::move(connector);
  failures_in_a_row_ = 0;
  status_.state = ChannelState::starting;
  status_.message.clear();
}

boost::asio::awaitable<void> ChannelPoller::run() {
  struct Running {
    bool& flag;
    ~Running() { flag = false; }
  } running{running_};
  running_ = true;
  while (!stopping_) {
    // Stopped by the executor (an action's token was refused): end as on a refused poll.
    if (status_.state == ChannelState::stopped) co_return;
    Turn turn{interval_};
    // One catch-all per loop turn: whatever fails, this channel tries again later and the
    // daemon goes on.
    try {
      turn = co_await poll_once();
    } catch (const std::exception& e) {
      status_.state = ChannelState::backing_off;
      status_.message = e.what();
      turn.delay = back_off();
      status_.next_poll_at =
          clock_.now() + std::chrono::duration_cast<std::chrono::seconds>(turn.delay);
      LogLine(log_, LogPriority::error)
          << "channel " << channel_id_ << ": poll failed: " << e.what();
      metrics_
          .counter("hallmonitor_api_errors_total", "Failed polls and platform calls.",
                   {{"channel", channel_id_}, {"kind", "exception"}})
          .add();
    }
    if (turn.stop) co_return;  // until a reload starts the channel again
    co_await clock_.sleep(wakeup_, turn.delay);
  }
}

boost::asio::awaitable<ChannelPoller::Turn> ChannelPoller::poll_once() {
  // fetch
  const auto started = std::chrono::steady_clock::now();
  const auto cursor = store_.cursor(channel_id_).value_or("");
  // Held for the call: a reload may replace connector_ meanwhile.
  const std::shared_ptr<connectors::Connector> connector = connector_;
  connectors::FetchResult result = co_await connector->fetch(cursor);
  const moderation::Time now = clock_.now();
  ++status_.polls;
  metrics_
      .histogram("hallmonitor_poll_duration_seconds", "Time one poll of a channel takes.",
                 kPollBuckets, {{"channel", channel_id_}})
      .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  metrics_
      .counter("hallmonitor_api_calls_total", "HTTP requests made to the platforms.",
               {{"channel", channel_id_}})
      .add(result.api_calls);

  // ingest: the whole moderation flow, committed with the cursor
  if (result.status == connectors::FetchStatus::ok) {
    auto classifier = classifier_();  // one snapshot for the whole batch
    const IngestOutcome outcome =
        ingest_poll(store_, *classifier, channel_id_, result.comments, result.next_cursor, now);
    status_.polled_ok_once = true;
    status_.last_ok_at = now;
    metrics_
        .counter("hallmonitor_comments_ingested_total", "New comments and edits stored.",
                 {{"channel", channel_id_}})
        .add(double(outcome.fresh));
    for (const auto& set : outcome.categories)
      for (auto c : set.list())
        metrics_
            .counter("hallmonitor_verdicts_total", "Verdicts per category.",
                     {{"category", std::string(filters::to_string(c))}})
            .add();
    if (outcome.fresh > 0)
      LogLine(log_, LogPriority::info)
          << channel_id_ << ": " << outcome.fresh << " new comment(s) or edit(s), "
          << outcome.flagged << " flagged";
    if (outcome.actions_created) executor_wakeup_.wake();  // hide at once, not at the next tick
    if (outcome.alert_queued && alert_wakeup_) alert_wakeup_->wake();  // tell the DSL now
  }

  // report
  report(result);

  // schedule
  if (result.status == connectors::FetchStatus::ok) failures_in_a_row_ = 0;
  if (result.status == connectors::FetchStatus::transient_error) ++failures_in_a_row_;
  const PollPlan plan = plan_next_poll(result, interval_, failures_in_a_row_, now,
                                       std::uniform_real_distribution<double>(0, 1)(rng_));
  if (status_.state == ChannelState::stopped || plan.stop) {
    status_.next_poll_at.reset();
    co_return Turn{plan.delay, true};
  }
  status_.next_poll_at = now + std::chrono::duration_cast<std::chrono::seconds>(
                                   plan.delay + std::chrono::milliseconds(999));
  if (plan.delay > std::chrono::milliseconds(0) &&
      result.status == connectors::FetchStatus::rate_limited)
    metrics_
        .counter("hallmonitor_rate_limit_wait_seconds_total",
                 "Seconds spent waiting for rate limits.", {{"channel", channel_id_}})
        .add(std::chrono::duration<double>(plan.delay).count());
  co_return Turn{plan.delay, false};
}

std::chrono::milliseconds ChannelPoller::back_off() {
  return transient_backoff(interval_, ++failures_in_a_row_,
                           std::uniform_real_distribution<double>(0, 1)(rng_));
}

void ChannelPoller::report(const connectors::FetchResult& result) {
  // The executor stopped the channel while this poll was in flight: it stays stopped.
  if (status_.state == ChannelState::stopped) return;
  status_.message = result.message;
  switch (result.status) {
    case connectors::FetchStatus::ok:
      status_.state = ChannelState::polling;
      status_.message.clear();
      break;
    case connectors::FetchStatus::rate_limited:
      status_.state = ChannelState::rate_limited;
      LogLine(log_, LogPriority::warning)
          << "channel " << channel_id_ << ": rate limited: " << result.message;
      break;
    case connectors::FetchStatus::transient_error:
      status_.state = ChannelState::backing_off;
      LogLine(log_, LogPriority::warning) << "channel " << channel_id_ << ": " << result.message;
      metrics_
          .counter("hallmonitor_api_errors_total", "Failed polls and platform calls.",
                   {{"channel", channel_id_}, {"kind", "transient"}})
          .add();
      break;
    case connectors::FetchStatus::token_invalid:
      status_.state = ChannelState::stopped;
      LogLine(log_, LogPriority::critical)
          << "channel " << channel_id_
          << ": stopped, the access token is not accepted: " << result.message
          << " (renew the credential, then reload)";
      metrics_
          .counter("hallmonitor_api_errors_total", "Failed polls and platform calls.",
                   {{"channel", channel_id_}, {"kind", "token"}})
          .add();
      break;
  }
}

}  // namespace hm::daemon
