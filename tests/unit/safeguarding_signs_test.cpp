// Safeguarding with the shipped rules, the eighth pass (sets SG1 and SG2 in
// tests/data/fresh-signs.jsonl): grooming written in any tense or in fewer words, an adult who
// keeps a child's chats secret, a child hit in the street, forced undressing, radicalisation in
// a child's own wish, a parent driving the children after drinking, neglect seen day after day,
// county lines' easy money, and a friend's wish not to be alive. Every example is written for
// this test; the clean ones are what parents ordinarily post.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;
using hm::test::all_clean;

namespace {

void all_concerns(std::initializer_list<const char*> texts) {
  hm::test::all_flagged(Category::safeguarding, texts);
}

}  // namespace

TEST_CASE("grooming in any tense and in fewer words; secrets kept by deleting chats") {
  all_concerns({
      "you looked really mature in the show, which year r u in?",
      "ur so grown up for year 7, what school u at",
      "nobody understands you like i do, delete all our messages after",
      "want to make some easy money? just carry a few packages for me after school, tell no one",
      "are you home alone? just you and me then, I'll come over",
  });
  all_clean({
      "You looked so grown up at the leavers' assembly, love, says Grandma",
      "Which year are you in? I think our kids are in the same class! (to another mum)",
      "Please delete the photos of other children from the group chat, thank you",
      "It was just the two of us at the school fair this year, the kids were at their dad's",
  });
}

TEST_CASE("the eighth pass: harms reported in a parent's words go to the DSL") {
  all_concerns({
      "My son says the swimming coach told him to keep their messages between them.",
      "I watched a dad slap his little boy across the face outside the shop.",
      "My daughter says a girl was forced to undress in the toilets while other girls filmed.",
      "My nephew keeps talking about wanting to join a group that wants to kill Jews.",
      "The lollipop man smells of alcohol and then drives the school minibus.",
      "The boy in year 2 has no coat all winter and wears the same smelly clothes.",
      "My son's mate has new phones and cash all the time and won't say where the money came from.",
      "My daughter's friend told her she doesn't want to live anymore.",
  });
  all_clean({
      "The swimming coach told the kids to keep practising between lessons.",
      "My little boy slapped his hand on the table when he won at Uno, so proud.",
      "Reception are learning to undress for PE on their own, such a big step.",
      "My son wants to join the chess club, any idea when it starts?",
      "The drama teacher smells of coffee every morning, bless her.",
      "Lost: navy coat, age 6, please check the lost property",
      "My son spent his birthday cash on new trainers and he's thrilled.",
  });
}
