// What the eighteenth pass added (README, "The eighteenth pass"), through the shipped rules.
// Every text here is written for this test, in words the pass's sets did not use.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

using hm::test::all_clean;
using hm::test::all_flagged;

TEST_CASE("after 'a', a word of contempt is a name only in the singular") {
  all_flagged(Category::abuse, {"Honestly she's a clown", "He's such a muppet at times",
                                "They're a bunch of clowns"});
  // A plural after "a" names something else: a fan of a show, a collector.
  all_clean({"My nephew's a Muppets collector", "She's a Clowns fanatic since the circus trip"});
}

TEST_CASE("a group said to hold the rest of a class or a country back") {
  all_flagged(Category::abuse, {"Immigrant kids hold the rest of the year group back"});
  all_clean({"Saying immigrant kids hold the rest of the year group back is nonsense",
             "The roadworks hold the rest of the traffic back every morning"});
}

TEST_CASE("a burden put on families, and a school service out of action for days") {
  all_flagged(Category::complaint,
              {"How are mums supposed to juggle work with a 1pm finish every Friday?",
               "The parent app has been playing up for two weeks and nobody has fixed it"});
  all_clean({"How are we supposed to find the new reception entrance?",
             "The website was down for an hour this morning for maintenance, all fine now"});
}

TEST_CASE("a sale at the seller's home, and a charity asking for whatever you can give") {
  all_flagged(Category::commercial,
              {"Car boot from my driveway this Saturday, books 20p and toys £1",
               "Plz donate anything you can spare via the link for my brother's charity climb"});
  all_clean({"The PTA car boot at school made £420, thank you",
             "Please donate anything you can spare to the school's winter coat drive"});
}

TEST_CASE("a stranger trying to get children into a car, and money with new clothes") {
  all_flagged(Category::safeguarding,
              {"Some bloke tried to lure the year 5s into his van by the shop",
               "She's coming home with cash and designer clothes and won't tell us where from"});
  all_clean({"Dad tried to get the kids into the car but they wanted to stay at the party",
             "She came home with cash and new clothes from her nan, spoilt rotten"});
}

TEST_CASE("game currency and survey rewards, contempt superlatives, told to crawl back") {
  all_flagged(Category::spam, {"Unlock unlimited vbucks free, just tap the link",
                               "Win an iPad by completing a few surveys at the link"});
  all_flagged(Category::abuse, {"You are the thickest councillor this town has ever seen",
                                "Slink back under whatever stone you crawled out from"});
  all_clean({"The kids earn house points by completing tasks on the reading app",
             "The thickest jumper in lost property is still unclaimed",
             "The hedgehog crawled back under the stone in the school garden"});
}

TEST_CASE("a group named, then 'they' in the next sentence; a quoted slur called a lie") {
  all_flagged(Category::abuse, {"Trans people keep moving onto our estate!! They repulse me",
                                "Is it just me or are lesbians actually vile?"});
  all_clean({"Disabled athletes won three golds. They make me so proud",
             "\"Muslims are terrorists\" is precisely the kind of lie our children must unlearn",
             "Is it just me or is the new car park actually brilliant?"});
}

TEST_CASE("quieter reports: a contact handed to children, punishment, out alone, posing as one") {
  all_flagged(Category::safeguarding,
              {"An older lad keeps hanging about by the infants' door passing out his insta",
               "My niece says she gets smacked whenever she cries at bedtime",
               "The boy at number 4? He was out past midnight by himself again",
               "Somebody is posing as a 12 year old on the gaming chat and messaging the kids"});
  all_clean({"The football coach handed his number to the parents for the tournament",
             "My son gets cross if he doesn't win at Uno",
             "My lad was out until 10 at the school disco with his mates, what a night",
             "At the panto the dame was pretending to be a schoolgirl, hilarious"});
}

TEST_CASE("a raffle for the writer's child's own club, a class of one's own, fixed prices") {
  all_flagged(Category::commercial,
              {"Tombola to support my boy's rugby squad this weekend, £1 a go, inbox me",
               "I've set up my own baking class for kids, £6 a child, first one free",
               "Wedding cars with driver, fixed prices, dm me"});
  all_clean({"The PTA raffle for the school library raised £300, thank you",
             "I'm starting a new job next week so I'll miss the coffee morning",
             "Lifts for the school run on Fridays, can anyone help? Happy to swap days"});
}

TEST_CASE("an insult after 'I have to say' is no mention; a claim asked about is one") {
  all_flagged(Category::abuse, {"I must say you are clueless", "Honestly he is very vile",
                                "That man is a stain on this community"});
  all_clean({"Why do people say Travellers are thieves?",
             "Saying Travellers are thieves is ignorant",
             "The new estate is a stain on the landscape"});
}

TEST_CASE("veiled threats at staff are abuse and a safeguarding concern") {
  for (const char* text :
       {"That caretaker could do with a clip round the ear", "Mrs Lowe had better watch her back",
        "If the head comes near my boy again I'll be waiting for her",
        "We're coming up to that school and someone is getting battered",
        "Keep this up and you might find your tyres slashed",
        "Whoever reported my daughter is gonna get what's coming"}) {
    const Verdict v = hm::test::classify_shipped(text);
    CHECK_MESSAGE(v.categories.contains(Category::abuse), text);
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), text);
  }
  all_clean({"You'd better watch out, the book fair ends on Friday!",
             "Grandad says he'd better watch himself on the icy path",
             "I'm coming in at 3, someone is getting a birthday cake!"});
}

TEST_CASE(
    "risk to life: a goodbye with giving up, no point in living, a life someone tried to end") {
  for (const char* text :
       {"im done. ive left notes for my mum and dad",
        "tonight is the night, i cant take it anymore", "What is the point in being alive",
        "My cousin attempted to take his own life at the weekend",
        "I hate the way I look and I just want to vanish"}) {
    const Verdict v = hm::test::classify_shipped(text);
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), text);
    CHECK_MESSAGE(v.urgency == Urgency::risk_to_life, text);
  }
  all_clean({"What's the point of going on the coach if they're walking back?",
             "Tonight is the night of the Christmas concert, I can't take the excitement",
             "I give up on this printer, I'll hand write the form",
             "Nobody would even notice if I wore odd socks to the quiz night"});
}

TEST_CASE("a child mocked on the page; the same words about oneself or in praise stay clean") {
  all_flagged(Category::abuse, {"That boy in the blue hat is such a wuss",
                                "Imagine being the lad who missed the penalty lmao"});
  all_clean({"I'm a total wimp with spiders, the bug hotel was brave of me",
             "Imagine being the girl who scored the winner, so proud of her"});
}

TEST_CASE(
    "the nations of these islands as groups; a group barred from school; 'they' after a comma") {
  all_flagged(Category::abuse,
              {"The Welsh are all thick as mince",
               "Catholics and their rosaries shouldn't be allowed in our school",
               "Romanians took all the jobs on the estate, they should be deported"});
  all_clean({"The Welsh choir sang at the Christmas fair",
             "My nan would say the Scots are tight, she was wrong",
             "Catholic families, the first communion classes start on Tuesday"});
}

TEST_CASE("a child asked onto a video call undressed; an adult partner and a year group") {
  all_flagged(
      Category::safeguarding,
      {"A man online is pressuring my son to join a video chat with no clothes on",
       "Her so-called boyfriend is 24 and waits for her after school, she's a child in year 10"});
  all_clean({"We asked grandad to join a video call at bath time so he could say goodnight"});
}
