// X's two spellings of the Post field names (issue 13 item 12): one table, both parsed.
#include <doctest/doctest.h>

#include "connectors/x_field_names.hpp"
#include "connectors/x_parse.hpp"

using namespace hm::connectors::x;

TEST_CASE("the table: the legacy names and the OpenAPI v2.167 names") {
  CHECK(names(Spelling::tweet).fields_param == "tweet.fields");
  CHECK(names(Spelling::tweet).referenced == "referenced_tweets");
  CHECK(names(Spelling::tweet).edit_history == "edit_history_tweet_ids");
  CHECK(names(Spelling::tweet).includes == "tweets");
  CHECK(names(Spelling::post).fields_param == "post.fields");
  CHECK(names(Spelling::post).referenced == "referenced_posts");
  CHECK(names(Spelling::post).edit_history == "edit_history_post_ids");
  CHECK(names(Spelling::post).includes == "posts");
  // v2.167's post.fields values no longer list these: they come as expansions.
  for (std::string_view gone :
       {"author_id", "in_reply_to_user_id", "referenced_posts", "edit_history_post_ids"})
    CHECK(names(Spelling::post).mentions_fields.find(gone) == std::string_view::npos);
  CHECK(names(Spelling::post).mentions_expansions.find("referenced_posts") !=
        std::string_view::npos);
  CHECK(parse_spelling("post") == Spelling::post);
  CHECK(parse_spelling("tweet") == Spelling::tweet);
  CHECK_FALSE(parse_spelling("tweets"));
  CHECK(to_string(kSentSpelling) == "tweet");
}

TEST_CASE("a mentions page in the v2.167 spelling parses as the legacy one does") {
  auto p = parse_tweet_page(200, R"json({
  "data": [
    {
      "id": "1301573587187331074",
      "text": "@school v2",
      "author_id": "1234567890",
      "conversation_id": "1301500000000000000",
      "in_reply_to_user_id": "2244994945",
      "referenced_posts": [ { "type": "replied_to", "id": "1301500000000000001" } ],
      "edit_history_post_ids": [ "1301573587187331000", "1301573587187331074" ]
    }
  ],
  "includes": { "posts": [ { "id": "1301500000000000001", "text": "root", "author_id": "2244994945",
                             "conversation_id": "1301500000000000001" } ] },
  "meta": { "newest_id": "1301573587187331074", "result_count": 1 }
})json");
  REQUIRE(p.kind == OutcomeKind::ok);
  REQUIRE(p.value.tweets.size() == 1);
  CHECK(p.value.tweets[0].replied_to_id == "1301500000000000001");
  CHECK(p.value.tweets[0].edit_history ==
        std::vector<std::string>{"1301573587187331000", "1301573587187331074"});
  REQUIRE(p.value.included.size() == 1);
  CHECK(p.value.included[0].author_id == "2244994945");

  auto legacy = parse_tweet_page(200, R"json({
  "data": [ { "id": "5", "text": "t", "referenced_tweets": [ { "type": "replied_to", "id": "4" } ],
              "edit_history_tweet_ids": [ "3", "5" ] } ],
  "includes": { "tweets": [ { "id": "4", "text": "p", "author_id": "9" } ] }
})json");
  REQUIRE(legacy.kind == OutcomeKind::ok);
  CHECK(legacy.value.tweets[0].replied_to_id == "4");
  CHECK(legacy.value.tweets[0].edit_history == std::vector<std::string>{"3", "5"});
  REQUIRE(legacy.value.included.size() == 1);
  CHECK(legacy.value.included[0].author_id == "9");
}
