// GET /api/v1/rules/stats?school=ID&days=N (any role, the schools the caller can see): each
// rule's hits over the last N days (30 by default, at most 365) and how often moderators showed
// its comments again, with the rule's reason in words (issue 16). A rule shown again often is
// hiding innocent comments: the admin narrows it or adds an exception.
#include "console/console_impl.hpp"
#include "store/rule_stats.hpp"

namespace hm::console {

HttpResponse ConsoleApi::Impl::rule_stats(Call& call) {
  const auto& req = call.request;
  int days = 30;
  if (auto d = call.query("days")) {
    auto v = parse_id(*d);
    if (!v || *v > 365)
      return error_response(req, http::status::bad_request, "days must be 1 to 365");
    days = int(*v);
  }
  std::set<std::string> shown;
  for (const SchoolInfo* s : schools_asked(call)) shown.insert(s->id);
  if (call.query("school") && shown.empty())
    return error_response(req, http::status::not_found, "no such school");
  const auto since = call.now - std::chrono::hours(24) * days;
  Json rules = Json::array();
  for (const auto& r : store::rule_stats_since(store.connection(), since, shown)) {
    std::string description = hooks.describe_rule ? hooks.describe_rule(r.rule) : std::string();
    rules.push_back({{"rule", r.rule},
                     {"description", description},
                     {"hits", r.hits},
                     {"decided", r.decided},
                     {"shown_again", r.shown_again}});
  }
  return json_response(
      req, http::status::ok,
      Json{{"since", time_json(since)}, {"days", days}, {"rules", std::move(rules)}});
}

}  // namespace hm::console
