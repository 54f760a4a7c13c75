// POST /api/v1/filters/backtest (issue 16), from the filter tester: the school's stored comments
// of the last N days judged again by a candidate, against how they were judged. The candidate
// is the live rules or the lists on disk now (what a reload would load), with the learned model
// as configured or counted as if active. Answers what would be newly hidden or newly shown,
// each rule's hits before and after, and the first changed comments, so an admin tries a list
// change on real comments before reloading it. Nothing is stored.
//
// Body: {"school": ID, "days": 1..365 (30), "rules": "live" | "on_disk", "model": bool}.
// The rules are loaded and the comments judged on a worker (SlowWork), never the io thread.
#include "console/console_impl.hpp"

namespace hm::console {
namespace {

constexpr std::size_t kChangesShown = 50;

Json categories_json(const filters::CategorySet& categories) {
  Json out = Json::array();
  for (auto c : categories.list()) out.push_back(filters::to_string(c));
  return out;
}

// What the worker found; the answer is made from it on the io thread.
struct BacktestRun {
  BacktestCandidate candidate;
  store::BacktestResult result;
  Json changes = Json::array();
};

}  // namespace

Reply ConsoleApi::Impl::backtest(Call& call) {
  const auto& req = call.request;
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  std::string problem;
  auto school = string_field(b, "school", problem);
  auto rules = string_field(b, "rules", problem);
  if (!problem.empty()) return error_response(req, http::status::bad_request, problem);
  if (rules && *rules != "live" && *rules != "on_disk")
    return error_response(req, http::status::bad_request, "rules must be \"live\" or \"on_disk\"");
  int days = 30;
  if (b.contains("days")) {
    if (!b["days"].is_number_integer() || b["days"].get<std::int64_t>() < 1 ||
        b["days"].get<std::int64_t>() > 365)
      return error_response(req, http::status::bad_request, "days must be 1 to 365");
    days = b["days"].get<int>();
  }
  if (b.contains("model") && !b["model"].is_boolean())
    return error_response(req, http::status::bad_request, "model must be true or false");
  const bool model_on = b.value("model", false);
  const bool on_disk = rules == "on_disk";
  auto found = tester_school(call, school);
  if (auto* r = std::get_if<HttpResponse>(&found)) return std::move(*r);
  const std::string school_id = std::get<std::string>(found);
  if (!hooks.backtest)
    return error_response(req, http::status::service_unavailable, "the filters are not loaded");

  auto build = hooks.backtest(on_disk, model_on);
  auto run = std::make_shared<BacktestRun>();
  const auto since = call.now - std::chrono::hours(24) * days;
  const std::filesystem::path database = store.connection().file();
  return SlowWork{
      [run, build = std::move(build), database, since, school_id] {
        run->candidate = build();
        if (!run->candidate.judge) return;
        store::Connection reader(database, store::Connection::Mode::reader);
        run->result = store::backtest_stored(
            reader, since, school_id, *run->candidate.judge, [&](const store::BacktestChange& c) {
              if (run->changes.size() >= kChangesShown) return;
              std::set<std::string> after;
              for (const auto& m : c.candidate.matches) after.insert(m.rule);
              run->changes.push_back({{"comment_id", c.stored.comment_id},
                                      {"channel", c.stored.channel_id},
                                      {"text", c.stored.text},
                                      {"now_hidden", c.now_hidden},
                                      {"categories_before", categories_json(c.stored.categories)},
                                      {"categories_after", categories_json(c.candidate.categories)},
                                      {"rules_after", Json(after)}});
            });
      },
      [this, &req, run, days, since, on_disk, model_on, school_id] {
        if (!run->candidate.judge)
          return error_response(req, http::status::conflict, run->candidate.problem);
        const moderation::BacktestTally& t = run->result.tally;
        Json rule_hits = Json::array();
        for (const auto& [rule, h] : t.rules_changed_first())
          rule_hits.push_back(
              {{"rule", rule},
               {"description", hooks.describe_rule ? hooks.describe_rule(rule) : std::string()},
               {"before", h.before},
               {"after", h.after}});
        return json_response(req, http::status::ok,
                             Json{{"school", school_id},
                                  {"days", days},
                                  {"since", time_json(since)},
                                  {"rules", on_disk ? "on_disk" : "live"},
                                  {"model", model_on},
                                  {"comments", t.comments},
                                  {"newly_hidden", t.newly_hidden},
                                  {"newly_shown", t.newly_shown},
                                  {"changed", t.changed},
                                  {"rule_hits", std::move(rule_hits)},
                                  {"changes", std::move(run->changes)},
                                  {"changes_total", t.newly_hidden + t.newly_shown}});
      }};
}

}  // namespace hm::console
