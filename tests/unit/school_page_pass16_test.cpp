// What the sixteenth pass added (README, "The sixteenth pass"), through the shipped rules. Every
// text here is written for this test, in words the pass's sets did not use.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

using hm::test::all_clean;
using hm::test::all_flagged;
using hm::test::classify_shipped;

TEST_CASE("a letter written twice is read back, as a swapped or dropped one is") {
  all_flagged(Category::abuse,
              {"Travellers are vermmin", "I despise immigrantss", "Muslims are disgustinng"});
  // A doubled letter that spells another word is read as written.
  all_clean({"The Mad Hatters tea party in Year 2 was brilliant",
             "Anyone driving to Poole for the swimming gala on Saturday?"});
}

TEST_CASE("risk to life said of someone else, and the idiom that is not") {
  for (const char* text : {"My best friend says she'll kill herself if her parents split up",
                           "I think they're going to end their life, please help",
                           "he doesn't want to be alive any more, he told his sister",
                           "she's been googling how to end her life"}) {
    const Verdict v = classify_shipped(text);
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), text);
    CHECK_MESSAGE(v.urgency == Urgency::risk_to_life, text);
  }
  all_clean({"Grandad is going to kill himself laughing at the panto photos",
             "When they end their life-story projects, Year 6 will share them in assembly",
             "She'll kill herself laughing when she sees her cake"});
}

TEST_CASE("harms to a child in new words: an adult partner, a gang's knives, a wedding abroad") {
  all_flagged(Category::safeguarding,
              {"my niece is only 14 and she's dating a 22 year old from the gym",
               "Kids on the estate are getting paid to carry drugs for older lads",
               "Her cousin was taken to Bangladesh to be married last summer, she's 15",
               "Their dad is always drunk at pick up and then drives off with them",
               "The younger ones are being pressured into dares on Snapchat",
               "someone has been commenting on the boys' football photos asking which of them "
               "are single",
               "A girl in his class isn't allowed to eat tea if she gets a bad mark"});
  all_clean({"my son's 13 and he's training with a 20 year old coach at the club",
             "Congratulations to Mr Ali who is flying to Lahore to get married!",
             "The dads were a bit drunk at the Christmas quiz night 😂",
             "Year 9 are doing fitness challenges in PE next week"});
}

TEST_CASE("hate in forms the pass found missing, and the kind comments in the same words") {
  all_flagged(
      Category::abuse,
      {"Nothing gets me angrier than seeing Muslims in our town",
       "Refugees will never be as civilised as us", "Travellers are never going to be normal",
       "No immigrant is worth trusting", "I don't trust gay people at all",
       "There's nothing decent about Travellers", "Aren't Romanians just a bunch of thieves?",
       "Why should taxpayers let refugees live off benefits?",
       "Those Romanian families want sending home",
       "Every Traveller I've ever met has been a thief",
       "Lesbians should never be left alone with our kids",
       "Refugees should have never been given houses", "Jews run the banks, everyone knows it"});
  all_clean({"Nothing makes me prouder than seeing our Muslim pupils lead the assembly",
             "I don't trust the weather forecast at all", "There's nothing wrong with being gay",
             "Some families want sending a reminder about the trip",
             "Every Traveller family I've met has been kind to us",
             "Politicians run the country badly",
             "Immigrants will be as good as us at cricket in a few years"});
}

TEST_CASE("insults at staff: liars, busybodies, a power-mad witch, a grumpy goat") {
  all_flagged(Category::abuse,
              {"you lot at the office are a bunch of liars", "the new head is a nosy busybody",
               "she's a vindictive old witch", "the caretaker is a miserable old goat"});
  all_clean({"Politicians are liars, discuss (Year 10 debate club topic)",
             "Lily's a witch in the Halloween parade, she looks amazing",
             "The farm trip had goats, sheep and an old donkey"});
}

TEST_CASE("complaints: paid and nothing came, never answered, waiting months, an hour late") {
  all_flagged(Category::complaint,
              {"We paid for the yearbook in May and it still hasn't arrived",
               "The office phone goes straight to answerphone every time",
               "I've been waiting three months for the outcome of my complaint",
               "Parents' evening was running an hour behind",
               "Not one person from the school has bothered to reply",
               "They refused to refund us for the cancelled residential"});
  all_clean({"We paid for the yearbook and it's gorgeous, thank you",
             "We've been waiting all year for the Christmas concert!",
             "The coach is running half an hour late, all children safe"});
}

TEST_CASE("appeals, vouchers, followers and profile views") {
  all_flagged(Category::commercial, {"anything you can spare to my GoFundMe would mean the world"});
  all_flagged(Category::spam, {"Free Asda vouchers for every family, click to claim",
                               "Buy 5000 followers today, instant delivery",
                               "Find out who's been viewing your profile, tap here"});
  all_clean({"The Asda vouchers for schools scheme is back, thank you for collecting",
             "Please send the reply slip to my son's teacher"});
}

TEST_CASE("a child hurt by an adult in public; a child refused the toilet") {
  all_flagged(Category::safeguarding,
              {"Saw a schoolgirl getting slapped by an older woman outside the chip shop"});
  all_flagged(Category::complaint,
              {"My son was refused permission to use the toilet in maths",
               "Why were our twins not allowed to get a drink on sports day?"});
  all_clean({"The goalkeeper got pushed by a defender, definite penalty",
             "Pupils are not allowed to use the toilets during the fire drill"});
}
