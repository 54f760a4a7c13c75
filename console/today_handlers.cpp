// GET /api/v1/today: each channel's health, what was hidden today and this week per category,
// and what waits for a decision, for the schools the caller can see (or one of them).
#include <ctime>

#include "console/channel_words.hpp"
#include "console/console_impl.hpp"
#include "console/item_view.hpp"
#include "store/activity.hpp"

namespace hm::console {

namespace {

// Local midnight `days_back` days before the day of `now`, in the server's time zone (a school's
// "today" starts at its midnight, not UTC's).
moderation::Time local_midnight(moderation::Time now, int days_back) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm local{};
  localtime_r(&t, &local);
  local.tm_hour = local.tm_min = local.tm_sec = 0;
  local.tm_mday -= days_back;
  local.tm_isdst = -1;  // mktime works out summer time for that day
  return std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::from_time_t(std::mktime(&local)));
}

Json counts_json(const store::CategoryCounts& counts) {
  Json out = Json::object();
  for (const auto& [category, n] : counts) out[category] = n;
  return out;
}

}  // namespace

HttpResponse ConsoleApi::Impl::today(Call& call) {
  const auto& req = call.request;
  const auto shown = schools_asked(call);
  if (call.query("school") && shown.empty())
    return error_response(req, http::status::not_found, "no such school");

  std::vector<ChannelHealth> health;
  if (hooks.channels) health = hooks.channels();
  Json channels = Json::array();
  for (const SchoolInfo* school : shown)
    for (const auto& ch : school->channels) {
      const ChannelHealth* h = nullptr;
      for (const auto& candidate : health)
        if (candidate.id == ch.id) h = &candidate;
      const std::string state = h ? h->state : "stopped";
      const auto platform = moderation::parse_platform(ch.platform);
      channels.push_back(
          {{"id", ch.id},
           {"school", school->id},
           {"platform", ch.platform},
           {"platform_name",
            platform ? std::string(moderation::display_name(*platform)) : ch.platform},
           {"state", state},
           {"reason", h ? h->reason : "this channel is not polled"},
           {"words", channel_words(state, h != nullptr)},
           {"needs_person", channel_needs_person(state)},
           {"last_ok_at", time_json(h ? h->last_ok_at : std::nullopt)},
           {"next_poll_at", time_json(h ? h->next_poll_at : std::nullopt)}});
    }

  const auto today_start = local_midnight(call.now, 0);
  const auto week_start = local_midnight(call.now, 6);
  store::CategoryCounts today_counts, week_counts;
  const auto hidden_today = store::hidden_since(store.connection(), today_start);
  // The learned model against the moderators over 30 days (issue 16): the evidence an admin
  // needs before switching it from shadow to active.
  const auto month_start = local_midnight(call.now, 29);
  const auto agreement = store::model_agreement_since(store.connection(), month_start);
  store::ModelAgreement model;
  const auto hidden_week = store::hidden_since(store.connection(), week_start);
  std::set<std::string> shown_ids;
  for (const SchoolInfo* school : shown) {
    shown_ids.insert(school->id);
    if (auto it = hidden_today.find(school->id); it != hidden_today.end())
      for (const auto& [c, n] : it->second) today_counts[c] += n;
    if (auto it = hidden_week.find(school->id); it != hidden_week.end())
      for (const auto& [c, n] : it->second) week_counts[c] += n;
    if (auto it = agreement.find(school->id); it != agreement.end()) {
      model.decided += it->second.decided;
      model.agreed += it->second.agreed;
      model.only_model += it->second.only_model;
    }
  }
  Json out = {
      {"channels", std::move(channels)},
      {"hidden",
       {{"today", counts_json(today_counts)},
        {"week", counts_json(week_counts)},
        {"today_since", time_json(today_start)},
        {"week_since", time_json(week_start)}}},
      {"waiting", item_summary(store, shown_ids)},
      {"model",
       {{"since", time_json(month_start)},
        {"decided", model.decided},
        {"agreed", model.agreed},
        {"only_model", model.only_model}}},
  };
  return json_response(req, http::status::ok, out);
}

}  // namespace hm::console
