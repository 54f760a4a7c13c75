// Who started each X conversation (issue 13 item 10), pure.
#include <doctest/doctest.h>

#include "connectors/x_conversations.hpp"

using namespace hm::connectors::x;

namespace {
constexpr const char* kSchool = "2244994945";
Tweet post(std::string id, std::string author, std::string conversation,
           std::string replied_to = {}, std::string in_reply_to_user = {}) {
  Tweet t;
  t.id = std::move(id);
  t.author_id = std::move(author);
  t.conversation_id = std::move(conversation);
  t.replied_to_id = std::move(replied_to);
  t.in_reply_to_user_id = std::move(in_reply_to_user);
  return t;
}
}  // namespace

TEST_CASE("a direct reply names the starter; a nested one does not") {
  ConversationStarters s;
  TweetPage page;
  page.tweets = {post("110", "9001", "100", "100", kSchool),  // reply to the school's root
                 post("220", "9002", "200", "210", "9003")};  // reply to a reply elsewhere
  s.learn(page);
  CHECK(s.starter("100") == std::string(kSchool));
  CHECK_FALSE(s.starter("200"));
  CHECK(s.unknown(page.tweets) == std::vector<std::string>{"200"});
}

TEST_CASE("roots and expanded posts teach the starter too") {
  ConversationStarters s;
  TweetPage page;
  page.tweets = {post("300", "9004", "300"),                  // someone's own post mentioning us
                 post("420", "9001", "400", "410", "9005")};  // nested reply
  page.included = {post("400", "7777", "400")};               // its root, expanded
  s.learn(page);
  CHECK(s.starter("300") == std::string("9004"));
  CHECK(s.starter("400") == std::string("7777"));
  CHECK(s.unknown(page.tweets).empty());
}

TEST_CASE("comments remember whether they are in the account's own conversation") {
  ConversationStarters s;
  s.mark("1", true);
  s.mark("2", false);
  CHECK(s.in_own_conversation("1") == true);
  CHECK(s.in_own_conversation("2") == false);
  CHECK_FALSE(s.in_own_conversation("3"));
}

TEST_CASE("memory is bounded: the oldest ids are forgotten first") {
  ConversationStarters s;
  for (std::size_t i = 1; i <= ConversationStarters::kMaxComments + 5; ++i)
    s.mark(std::to_string(1000000 + i), false);
  CHECK_FALSE(s.in_own_conversation("1000001"));  // the oldest went
  CHECK(s.in_own_conversation(std::to_string(1000000 + ConversationStarters::kMaxComments + 5)) ==
        false);
}
