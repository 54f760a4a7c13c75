#include "store/rule_stats.hpp"

#include <algorithm>
#include <map>

#include "store/store_rows.hpp"

namespace hm::store {

std::vector<RuleStat> rule_stats_since(Connection& db, moderation::Time since,
                                       const std::optional<std::set<std::string>>& schools) {
  // A rule counts once per comment however many spans or versions it matched.
  Statement s = db.prepare(
      "WITH hits AS (SELECT DISTINCT json_extract(m.value, '$.rule') AS rule, "
      "  v.comment_id AS comment_id, ch.school_id AS school "
      "  FROM verdicts d JOIN comment_versions v ON v.id = d.version_id "
      "  JOIN comments c ON c.id = v.comment_id JOIN channels ch ON ch.id = c.channel_id, "
      "  json_each(d.matches) m WHERE d.decided_at >= ?) "
      "SELECT h.school, h.rule, COUNT(*), SUM(r.outcome IS NOT NULL), "
      "  SUM(r.outcome = 'shown_again') FROM hits h "
      "LEFT JOIN reviews r ON r.comment_id = h.comment_id "
      "WHERE h.rule IS NOT NULL GROUP BY h.school, h.rule");
  s.bind(1, detail::seconds(since));
  std::map<std::string, RuleStat> by_rule;
  while (s.step()) {
    if (schools && !schools->count(s.text(0))) continue;
    RuleStat& r = by_rule[s.text(1)];
    r.rule = s.text(1);
    r.hits += s.int64(2);
    r.decided += s.int64(3);
    r.shown_again += s.int64(4);
  }
  std::vector<RuleStat> out;
  for (auto& [rule, stat] : by_rule) out.push_back(std::move(stat));
  std::stable_sort(out.begin(), out.end(), [](const RuleStat& a, const RuleStat& b) {
    return a.shown_again != b.shown_again ? a.shown_again > b.shown_again : a.hits > b.hits;
  });
  return out;
}

}  // namespace hm::store
