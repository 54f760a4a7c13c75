#include "store/activity.hpp"

#include "store/store_rows.hpp"

namespace hm::store {

using detail::seconds;

std::map<std::string, CategoryCounts> hidden_since(Connection& db, moderation::Time since) {
  // A hide's last transition is to `done` (nothing moves a done action), so updated_at is
  // when the comment was hidden.
  Statement s = db.prepare(
      "SELECT ch.school_id, COALESCE(v.categories, ''), COUNT(*) FROM actions a "
      "JOIN comments c ON c.id = a.comment_id JOIN channels ch ON ch.id = c.channel_id "
      "LEFT JOIN verdicts v ON v.id = a.verdict_id "
      "WHERE a.kind = 'hide' AND a.state = 'done' AND a.updated_at >= ? "
      "GROUP BY ch.school_id, v.categories");
  s.bind(1, seconds(since));
  std::map<std::string, CategoryCounts> out;
  while (s.step()) {
    CategoryCounts& school = out[s.text(0)];
    const auto categories = split_categories(s.text(1));
    if (categories.empty()) school["other"] += s.int64(2);
    for (const auto& c : categories) school[c] += s.int64(2);
  }
  return out;
}

}  // namespace hm::store
