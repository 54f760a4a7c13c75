// The Store's author-page steps: forgive one strike, propose a block by hand.
#include "moderation/plan.hpp"
#include "store/store.hpp"
#include "store/store_rows.hpp"

namespace hm::store {
using moderation::Action;
using moderation::ActionKind;

using namespace detail;

Expected<int, std::string> Store::forgive_strike(std::int64_t comment_id, std::string_view actor,
                                                 std::string_view reason, Time now) {
  WriteTransaction tx(conn_);
  Statement owner = conn_.prepare("SELECT channel_id, author_id FROM comments WHERE id = ?");
  owner.bind(1, comment_id);
  if (!owner.step()) return unexpected(std::string("there is no such comment"));
  const std::string channel = owner.text(0), author = owner.text(1);
  conn_.prepare("DELETE FROM strikes WHERE comment_id = ?").bind_all(comment_id).run();
  if (conn_.changes() == 0)
    return unexpected(std::string("this comment did not give its author a strike"));
  Statement left =
      conn_.prepare("SELECT COUNT(*) FROM strikes WHERE channel_id = ? AND author_id = ?");
  left.bind_all(channel, author);
  left.step();
  const int remaining = int(left.int64(0));
  // Who forgave which comment's strike and why; never the author's id or words.
  append_audit(conn_, {now,
                       std::string(actor),
                       "strike.forgiven",
                       "comment:" + std::to_string(comment_id),
                       {{"reason", std::string(reason)}, {"strikes_left", remaining}}});
  tx.commit();
  return remaining;
}

Expected<Action, std::string> Store::propose_block(std::string_view channel_id,
                                                   std::string_view author_id,
                                                   std::string_view actor, std::string_view reason,
                                                   Time now) {
  WriteTransaction tx(conn_);
  Statement open = conn_.prepare(
      "SELECT a.id FROM actions a JOIN comments c ON c.id = a.comment_id "
      "WHERE a.kind = ?1 AND c.author_key = hm_lookup_key(?3) AND c.channel_id = ?2 "
      "AND c.author_id = ?3 AND a.state IN (?4, ?5, ?6)");
  open.bind_all(moderation::to_string(ActionKind::block), channel_id, author_id,
                moderation::to_string(moderation::ActionState::proposed),
                moderation::to_string(moderation::ActionState::approved),
                moderation::to_string(moderation::ActionState::running));
  if (open.step()) return unexpected(std::string("a block of this author is already open"));
  Statement newest = conn_.prepare(
      "SELECT c.id, ch.platform FROM comments c JOIN channels ch ON ch.id = c.channel_id "
      "WHERE c.author_key = hm_lookup_key(?2) AND c.channel_id = ?1 AND c.author_id = ?2 "
      "ORDER BY c.created_at DESC, c.id DESC LIMIT 1");
  newest.bind_all(channel_id, author_id);
  if (!newest.step()) return unexpected(std::string("this author has no comment on that channel"));
  const std::int64_t comment_id = newest.int64(0);
  const auto proposed = moderation::propose_block(
      stored_platform(newest.text(1)),
      reason.empty() ? std::string("proposed from the author page") : std::string(reason));
  const std::int64_t id =
      insert_action(comment_id, std::nullopt, std::nullopt, proposed, actor, now);
  update_resolution(comment_id, now);
  auto created = load_action(id);
  tx.commit();
  return *created;
}

}  // namespace hm::store
