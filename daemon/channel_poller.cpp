#include "daemon/channel_poller.hpp"

#include <iostream>

#include "daemon/poll_schedule.hpp"

namespace hm::daemon {
namespace {
// The seconds histogram buckets for poll latency.
const std::vector<double> kPollBuckets = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}  // namespace

ChannelPoller::ChannelPoller(boost::asio::any_io_executor executor, std::string channel_id,
                             std::shared_ptr<connectors::Connector> connector,
                             std::chrono::seconds interval, store::Store& store,
                             std::function<std::shared_ptr<const SchoolClassifier>()> classifier,
                             Metrics& metrics, Wakeup& executor_wakeup)
    : channel_id_(std::move(channel_id)),
      connector_(std::move(connector)),
      interval_(interval),
      store_(store),
      classifier_(std::move(classifier)),
      metrics_(metrics),
      executor_wakeup_(executor_wakeup),
      wakeup_(std::move(executor)) {
  status_.id = channel_id_;
}

void ChannelPoller::stop() {
  stopping_ = true;
  wakeup_.wake();
}

boost::asio::awaitable<void> ChannelPoller::run() {
  while (!stopping_) {
    std::chrono::milliseconds delay = interval_;
    // One catch-all per loop turn: whatever fails, this channel tries again later and the
    // daemon goes on.
    try {
      delay = co_await poll_once();
    } catch (const std::exception& e) {
      status_.state = "backing_off";
      status_.message = e.what();
      std::cerr << "<3>channel " << channel_id_ << ": poll failed: " << e.what() << "\n";
      metrics_
          .counter("hallmonitor_api_errors_total", "Failed polls and platform calls.",
                   {{"channel", channel_id_}, {"kind", "exception"}})
          .add();
    }
    if (status_.state == "stopped") co_return;
    co_await wakeup_.sleep_for(delay);
  }
}

boost::asio::awaitable<std::chrono::milliseconds> ChannelPoller::poll_once() {
  const auto started = std::chrono::steady_clock::now();
  const auto cursor = store_.cursor(channel_id_).value_or("");
  connectors::FetchResult result = co_await connector_->fetch(cursor);
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  ++status_.polls;
  metrics_
      .histogram("hallmonitor_poll_duration_seconds", "Time one poll of a channel takes.",
                 kPollBuckets, {{"channel", channel_id_}})
      .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  metrics_
      .counter("hallmonitor_api_calls_total", "HTTP requests made to the platforms.",
               {{"channel", channel_id_}})
      .add(result.api_calls);

  switch (result.status) {
    case connectors::FetchStatus::ok: {
      auto classifier = classifier_();  // held for the whole commit: the policy lives in it
      std::vector<filters::CategorySet> categories;  // counted only once the batch commits
      auto committed = store_.commit_poll(
          channel_id_, result.comments,
          [&](const moderation::Comment& c, const store::IngestResult& r) {
            auto classified = classifier->classify(c, r);
            categories.push_back(classified.verdict.categories);
            return classified;
          },
          result.next_cursor, now);
      status_.state = "polling";
      status_.message.clear();
      status_.polled_ok_once = true;
      std::size_t fresh = 0;
      for (const auto& r : committed.ingested) fresh += r.needs_classification;
      metrics_
          .counter("hallmonitor_comments_ingested_total", "New comments and edits stored.",
                   {{"channel", channel_id_}})
          .add(double(fresh));
      for (const auto& set : categories)
        for (auto c : set.list())
          metrics_
              .counter("hallmonitor_verdicts_total", "Verdicts per category.",
                       {{"category", std::string(filters::to_string(c))}})
              .add();
      bool acted = false;
      std::size_t flagged = 0;
      for (const auto& set : categories) flagged += !set.empty();
      for (const auto& v : committed.verdicts) acted = acted || !v.action_ids.empty();
      if (fresh > 0)
        std::cerr << "<6>" << channel_id_ << ": " << fresh << " new comment(s) or edit(s), "
                  << flagged << " flagged\n";
      if (acted) executor_wakeup_.wake();  // hide at once, not at the executor's next tick
      bool alerted = false;
      for (const auto& v : committed.verdicts) alerted = alerted || v.alert_queued;
      if (alerted && alert_wakeup_) alert_wakeup_->wake();  // tell the safeguarding lead now
      break;
    }
    case connectors::FetchStatus::rate_limited:
      status_.state = "rate_limited";
      status_.message = result.message;
      std::cerr << "<4>channel " << channel_id_ << ": rate limited: " << result.message << "\n";
      break;
    case connectors::FetchStatus::transient_error:
      status_.state = "backing_off";
      status_.message = result.message;
      std::cerr << "<4>channel " << channel_id_ << ": " << result.message << "\n";
      metrics_
          .counter("hallmonitor_api_errors_total", "Failed polls and platform calls.",
                   {{"channel", channel_id_}, {"kind", "transient"}})
          .add();
      break;
    case connectors::FetchStatus::token_invalid:
      status_.state = "stopped";
      status_.message = result.message;
      std::cerr << "<2>channel " << channel_id_
                << ": stopped, the access token is not accepted: " << result.message
                << " (renew the credential, then reload)\n";
      metrics_
          .counter("hallmonitor_api_errors_total", "Failed polls and platform calls.",
                   {{"channel", channel_id_}, {"kind", "token"}})
          .add();
      break;
  }
  PollPlan plan =
      plan_next_poll(result, interval_, now, std::uniform_real_distribution<double>(0, 1)(rng_));
  if (plan.delay > std::chrono::milliseconds(0) &&
      result.status == connectors::FetchStatus::rate_limited)
    metrics_
        .counter("hallmonitor_rate_limit_wait_seconds_total",
                 "Seconds spent waiting for rate limits.", {{"channel", channel_id_}})
        .add(std::chrono::duration<double>(plan.delay).count());
  co_return plan.delay;
}

}  // namespace hm::daemon
