// Counter-speech that quotes or reports hate in order to condemn it stays clean, through the
// shipped rules ([allow.mentions], lists/allow-mentions.txt; [allow.reported],
// lists/allow-reported.txt), and the same words used as hate
// are still caught. Every text here is written for this test (tests/data/fresh-counter.jsonl
// holds the sets they came from, with their first-run figures in the README).
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;
using hm::test::all_abuse;
using hm::test::all_clean;

TEST_CASE("a quoted statement judged as hate, a lie or not a policy stays clean") {
  all_clean({
      "\"Muslims are scum\" is such a hateful thing to say.",
      "\"Jews are evil\" is an antisemitic lie and it has no place here.",
      "\"Women are useless\" - what a sad, ignorant thing to post on a school page.",
      "\"Girls are thick\" is not banter, it is sexism.",
      "\"Gays are disgusting\" - this is pure homophobia, and we will keep challenging it.",
  });
  // A quoted phrase that is only "a thing" is not judged: the slur beside it still counts.
  all_abuse({"\"basic bitches\" are a thing, you lot are all the same"});
}

TEST_CASE("hate someone else wrote, said or shouted at a child, reported with the quote") {
  all_clean({
      "Whoever keeps commenting \"Muslims are a disease\" - you have been reported.",
      "My daughter was told \"Polish people are scroungers\" at lunch. Please talk to your kids.",
      "A man on the school run told my son \"your lot should go back where you came from\".",
      "My son was bullied with \"go back to Poland\" every day last year.",
      "Nobody should be called a \"paki\" at school, ever.",
  });
}

TEST_CASE("claims described, labelled or repeated, and judged, stay clean") {
  all_clean({
      "Describing disabled people as a burden is just wrong.",
      "Labelling Eastern Europeans as thieves is just lazy stereotyping.",
      "Claiming that immigrants are all criminals is nothing but scaremongering.",
      "Repeating that Jews control the media is an old antisemitic lie.",
      "The idea that gay people are a danger to children is a disgusting myth.",
      "Saying that all Travellers are criminals shows how little you know.",
      "Writing \"trans people are mentally ill\" on a school's page is a disgrace.",
  });
}

TEST_CASE("whoever said it is answered, refused or taken down, and the words stay clean") {
  all_clean({
      "To everyone saying refugees are vermin under this post: shame on you.",
      "We will not tolerate anyone saying that immigrants are rats.",
      "It is heartbreaking to read people calling immigrants cockroaches.",
      "Hearing a grown adult say disabled kids are a waste of money made me feel sick.",
      "Posts saying Eastern Europeans are stealing our jobs are just spreading hate.",
      "Comments suggesting that gay teachers are dangerous are homophobic and have been removed.",
      "Anyone claiming that black pupils are more aggressive needs to look at the facts.",
      "I refuse to let my children hear that gay people are sinners.",
      "I lost all respect for you when you said Muslims are vermin.",
      "It's disgusting how some people still think gay people are perverts.",
      "Why would you say refugees are rats? That's vile.",
      "\"Immigrants are parasites\" - seriously? That's hateful.",
      "Ignore the troll who said immigrants are vermin, we've blocked them.",
  });
  // Not every question or "don't tell" is a mention: the swearing here is still caught.
  all_abuse({"why would you think it's ok to act like a bitch", "never tell a bitch anything"});
}

TEST_CASE("sarcasm and disbelief at the claim, a quote said to a child, 'tell that to ...'") {
  all_clean({
      "Imagine thinking Muslims are scum in 2026. Embarrassing.",
      "Do people really still believe that Muslims are all terrorists? Sad.",
      "When did it become OK to call immigrants parasites on a school page?",
      "Racists love to say immigrants are vermin, and they're wrong every single time.",
      "\"Go back to your own country\" - said to a child born in Leeds. Think about that.",
      "\"Women are too emotional\" - tell that to our headteacher who runs this place.",
      "Hate like \"Poles are stealing our jobs\" has no place at our school gates.",
      "No child should grow up hearing that black people are inferior.",
  });
  // Disbelief needs its question mark; a claim with none is still read as said.
  all_abuse({"Do people really believe Muslims are scum, yes they are"});
}

TEST_CASE("hate a parent reports someone else saying stays clean; agreed with, it is caught") {
  all_clean({
      "A boy at the park told my daughter that Muslims are terrorists. She was so upset.",
      "Some bloke at the match was shouting that Travellers should all be sent back, in front of "
      "the kids.",
      "My son's friend keeps saying immigrants are vermin, I think he hears it at home.",
      "Apparently a dad in the playground announced that gay people are disgusting.",
      "My daughter was told by a girl in her class that black people are a disease.",
      "Someone's uncle at the party was ranting that refugees are parasites. Awkward.",
  });
  all_abuse({
      "A boy at the park told my daughter that Muslims are terrorists, and he is right.",
      "My dad always says immigrants are vermin. So true.",
      // A reported slur is still a slur on the page, and so is an insult aimed at the reader.
      "A lad told my son he's a paki.",
      "Someone said you're a stupid cow and I agree with them.",
  });
}

TEST_CASE("the same words as hate, however they are framed, are still caught") {
  all_abuse({
      "Muslims are scum and I'm not afraid to say it.",
      "I'll say it again: immigrants are vermin.",
      "Saying Travellers are thieves isn't racist, it's true.",
      "It's not hate to say Muslims are terrorists, it's a fact.",
      "Call it racist if you like, immigrants are vermin.",
      "Gay people are sinners and I will teach my children that.",
      "Muslims are all extremists.",
      "Black pupils are more aggressive, look at the facts.",
  });
}
