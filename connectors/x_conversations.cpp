#include "connectors/x_conversations.hpp"

#include <algorithm>

namespace hm::connectors::x {

namespace {

// Ids are decimal strings that grow with time: the smallest in id order is the oldest.
template <class Map>
void drop_oldest(Map& m, std::size_t limit) {
  while (m.size() > limit)
    m.erase(std::min_element(m.begin(), m.end(), [](const auto& a, const auto& b) {
      return id_less(a.first, b.first);
    }));
}

}  // namespace

void ConversationStarters::remember(const std::string& conversation_id,
                                    const std::string& author_id) {
  if (conversation_id.empty() || author_id.empty()) return;
  starters_[conversation_id] = author_id;
  drop_oldest(starters_, kMaxKnown);
}

void ConversationStarters::learn(const TweetPage& page) {
  auto from = [&](const Tweet& t) {
    // A root post: its conversation is its own id.
    if (t.conversation_id == t.id) remember(t.id, t.author_id);
    // A direct reply to the root: the user it replies to started the conversation.
    if (!t.conversation_id.empty() && t.replied_to_id == t.conversation_id)
      remember(t.conversation_id, t.in_reply_to_user_id);
  };
  for (const Tweet& t : page.tweets) from(t);
  for (const Tweet& t : page.included) {
    from(t);
    for (const Tweet& m : page.tweets)  // an expanded post that is a mention's root
      if (m.conversation_id == t.id) remember(t.id, t.author_id);
  }
}

std::optional<std::string> ConversationStarters::starter(const std::string& conversation_id) const {
  auto it = starters_.find(conversation_id);
  if (it == starters_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> ConversationStarters::unknown(const std::vector<Tweet>& tweets) const {
  std::vector<std::string> out;
  for (const Tweet& t : tweets)
    if (!t.conversation_id.empty() && !starters_.count(t.conversation_id) &&
        std::find(out.begin(), out.end(), t.conversation_id) == out.end())
      out.push_back(t.conversation_id);
  return out;
}

void ConversationStarters::mark(const std::string& comment_id, bool own) {
  if (comment_id.empty()) return;
  comments_[comment_id] = own;
  drop_oldest(comments_, kMaxComments);
}

std::optional<bool> ConversationStarters::in_own_conversation(const std::string& comment_id) const {
  auto it = comments_.find(comment_id);
  if (it == comments_.end()) return std::nullopt;
  return it->second;
}

}  // namespace hm::connectors::x
