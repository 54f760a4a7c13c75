#include "store/learning_examples.hpp"

#include "filters/learned/byte_codec.hpp"
#include "filters/learned/text_features.hpp"
#include "store/hex.hpp"
#include "store/store_rows.hpp"
#include "store/stored_verdict.hpp"

namespace hm::store {

using detail::from_seconds;
using detail::seconds;

namespace {

// Slots as little-endian 32-bit words, hex: compact enough for the few comments people decide on.
std::string encode(const std::vector<std::uint32_t>& slots) {
  std::string bytes;
  bytes.reserve(slots.size() * 4);
  for (auto s : slots) filters::learned::put_u32(bytes, s);
  return to_hex(bytes.data(), bytes.size());
}

std::vector<std::uint32_t> decode(std::string_view hex) {
  std::vector<std::uint32_t> out;
  const auto bytes = from_hex(hex);
  if (!bytes || bytes->size() % 4 != 0)
    throw StoreError("a learning example's features are damaged");
  for (std::size_t i = 0; i < bytes->size(); i += 4)
    out.push_back(filters::learned::get_u32(bytes->data() + i));
  return out;
}

}  // namespace

void record_learning_example(Connection& db, std::int64_t comment_id,
                             std::optional<moderation::ItemOutcome> outcome, moderation::Time at,
                             const std::vector<std::string>& trusted) {
  if (!outcome) return;
  // The latest version's text, and whether any of its verdicts said spam or an advert.
  Statement s = db.prepare(
      "SELECT v.text, EXISTS (SELECT 1 FROM verdicts d JOIN comment_versions w ON w.id = "
      "d.version_id WHERE w.comment_id = v.comment_id AND " +
      std::string(kSqlVerdictSaysSpam) +
      ") FROM comment_versions v WHERE v.comment_id = ? ORDER BY v.version DESC LIMIT 1");
  s.bind(1, comment_id);
  if (!s.step() || s.is_null(0)) return;
  const std::string text = s.text(0);
  const bool verdict_said_spam = s.int64(1) != 0;
  const bool spam = *outcome != moderation::ItemOutcome::shown_again && verdict_said_spam;
  db.prepare(
        "INSERT INTO learning_examples (comment_id, spam, features, decided_at) VALUES (?, ?, ?, "
        "?) ON CONFLICT (comment_id) DO UPDATE SET spam = excluded.spam, features = "
        "excluded.features, decided_at = excluded.decided_at")
      .bind_all(comment_id, spam ? 1 : 0, encode(filters::learned::feature_slots(text, trusted)),
                seconds(at))
      .run();
}

std::vector<LearningExample> learning_examples(Connection& db,
                                               const std::optional<std::string>& school_id) {
  Statement s = db.prepare(
      "SELECT ch.school_id, e.spam, e.features, e.decided_at FROM learning_examples e "
      "JOIN comments c ON c.id = e.comment_id JOIN channels ch ON ch.id = c.channel_id "
      "WHERE ?1 IS NULL OR ch.school_id = ?1 ORDER BY e.decided_at, e.comment_id");
  s.bind(1, school_id);
  std::vector<LearningExample> out;
  while (s.step())
    out.push_back({s.text(0), s.int64(1) != 0, decode(s.text(2)), from_seconds(s.int64(3))});
  return out;
}

LearningTally learning_tally(Connection& db) {
  Statement s = db.prepare("SELECT COUNT(*), COALESCE(MAX(decided_at), 0) FROM learning_examples");
  s.step();
  return {s.int64(0), s.int64(1)};
}

void erase_learning_examples(Connection& db, std::int64_t comment_id) {
  db.prepare("DELETE FROM learning_examples WHERE comment_id = ?").bind(1, comment_id).run();
}

}  // namespace hm::store
