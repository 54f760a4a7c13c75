#include "store/judged_texts.hpp"

#include <nlohmann/json.hpp>

#include "store/store_rows.hpp"
#include "store/stored_verdict.hpp"

namespace hm::store {

void for_each_judged_text(Connection& db, moderation::Time since,
                          const std::optional<std::string>& school_id,
                          const std::function<void(const JudgedText&)>& each) {
  // A clean version is a mark without a verdict row (migration 11); a version with neither was
  // never judged (a crash between ingest and record cannot leave one, but skip it if it does).
  Statement s = db.prepare(
      "SELECT c.id, ch.school_id, c.channel_id, v.text, COALESCE(d.categories, ''), "
      "COALESCE(d.matches, '[]') FROM comments c JOIN channels ch ON ch.id = c.channel_id "
      "JOIN comment_versions v ON v.comment_id = c.id AND v.version = (SELECT MAX(w.version) "
      "FROM comment_versions w WHERE w.comment_id = c.id) "
      "LEFT JOIN verdicts d ON d.version_id = v.id "
      "WHERE c.first_seen_at >= ?1 AND v.text IS NOT NULL AND (?2 IS NULL OR ch.school_id = ?2) "
      "AND (d.id IS NOT NULL OR v.clean = 1) ORDER BY c.id");
  s.bind(1, detail::seconds(since));
  s.bind(2, school_id);
  while (s.step()) {
    JudgedText row{s.int64(0), s.text(1), s.text(2), s.text(3), {}, {}};
    for (const auto& name : split_categories(s.text(4))) {
      const auto c = filters::parse_category(name);
      if (!c) throw StoreError("a stored verdict has an unknown category '" + name + "'");
      row.categories.insert(*c);
    }
    const auto matches = nlohmann::json::parse(s.text(5), nullptr, false);
    if (!matches.is_array()) throw StoreError("a stored verdict's matches cannot be read");
    for (const auto& m : matches)
      if (m.contains("rule") && m["rule"].is_string()) row.rules.push_back(m["rule"]);
    each(row);
  }
}

std::set<std::pair<std::string, std::string>> exception_texts(Connection& db) {
  std::set<std::pair<std::string, std::string>> out;
  Statement s = db.prepare("SELECT school_id, text FROM filter_exceptions");
  while (s.step()) out.emplace(s.text(0), s.text(1));
  return out;
}

}  // namespace hm::store
