// Who started each X conversation the mentions come from (issue 13 item 10). X lets an account
// hide replies only in conversations it started ("Hides or unhides a reply to a conversation
// owned by the authenticated user"), and mentions also bring posts from other people's
// conversations. A conversation's id is its root post's id, so its starter is that post's
// author, learnt from what the reads already return: a direct reply to the root names the root's
// author in in_reply_to_user_id, a root post or an expanded referenced post carries its own
// author_id. What the reads did not show is looked up (GET /2/tweets?ids=, by the connector).
//
// Pure, bounded memory: at most kMaxKnown conversations and kMaxComments comment ids (the oldest
// dropped; a forgotten one is simply unknown again, and its hide is attempted).
//
// Error policy: nothing fails; unknown is std::nullopt.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/x_parse.hpp"

namespace hm::connectors::x {

class ConversationStarters {
 public:
  static constexpr std::size_t kMaxKnown = 20'000;
  static constexpr std::size_t kMaxComments = 20'000;

  // Learns from a page of mentions (its posts and its expanded ones) or of looked-up posts.
  void learn(const TweetPage& page);
  // The conversation's starter, when known.
  std::optional<std::string> starter(const std::string& conversation_id) const;
  // Of these posts, the conversation ids whose starter is not known yet (each once).
  std::vector<std::string> unknown(const std::vector<Tweet>& tweets) const;

  // Remembers whether a comment (each of its ids) sits in the account's own conversation.
  void mark(const std::string& comment_id, bool own);
  // True: the account's own conversation; false: someone else's; nullopt: not known.
  std::optional<bool> in_own_conversation(const std::string& comment_id) const;

 private:
  void remember(const std::string& conversation_id, const std::string& author_id);
  std::map<std::string, std::string> starters_;  // conversation id → author id
  std::map<std::string, bool> comments_;         // comment id → in the account's own conversation
};

}  // namespace hm::connectors::x
