// What the fourteenth pass added outside hate at groups (README, "The fourteenth pass"), through
// the shipped rules: risk to life in new words, a young carer left alone, complaints about
// promises and money, the school's own fundraising kept clean, a street written short. Every text
// here is written for this test, in words the pass's sets did not use.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

using hm::test::all_clean;
using hm::test::all_flagged;
using hm::test::classify_shipped;

TEST_CASE("thinking of ending it, goodbye notes to family, a child who wishes they were dead") {
  for (const char* text : {"been thinking about ending it, nothing gets better",
                           "left goodbye notes for my mum and my sister",
                           "my daughter told us she wishes she was dead, we're at a loss"}) {
    const Verdict v = classify_shipped(text);
    CHECK_MESSAGE(v.urgency == Urgency::risk_to_life, text);
  }
  // Two signs in a pupil's own words: a means and nobody caring; a last post and the few who
  // were kind. Either alone is everyday.
  for (const char* text : {"the blade is in my drawer and nobody cares about me anyway",
                           "my last message on here. thanks to the only people who were nice to me",
                           "I'm going to walk in front of a bus tonight"}) {
    const Verdict v = classify_shipped(text);
    CHECK_MESSAGE(v.urgency == Urgency::risk_to_life, text);
  }
  all_clean({"Been thinking about ending it with my gym membership, the fees went up again",
             "Thanks to the few who were kind enough to help tidy up after the disco",
             "There's no point in queuing before 8.30, the office isn't open",
             "The class wrote goodbye notes for Mr Ash, who retires on Friday",
             "She wishes she was in Year 6 already, bless her"});
}

TEST_CASE("a child left to mind a baby every night, a parent always out drinking") {
  all_flagged(Category::safeguarding,
              {"a girl in my son's class has to put her baby sister to bed every night on her own",
               "a boy in my son's class says his stepdad is always off his face"});
  all_clean({"My eldest has to look after her little brother for an hour on Tuesdays, is that ok?",
             "Dad is usually out on Thursdays so grandma does pick up"});
}

TEST_CASE("complaints: money not returned, a promise not kept, things left for months") {
  all_flagged(Category::complaint,
              {"When will we get our deposit back for the cancelled residential?",
               "Parents were promised a new crossing patrol but there's still no sign of one",
               "The library books haven't been changed since October",
               "Honestly the office has messed up the dinner money again",
               "Spelling lists go up on the portal late and then the children are tested on them",
               "She was left standing outside the office for half an hour in the cold"});
  all_clean({"Has everyone had their deposit back now? Mine came through today",
             "We were told the results come out in July, can't wait"});
}

TEST_CASE("the school's own fundraising is not an advert; a street written short is an address") {
  all_clean({"We're selling raffle tickets at the gate, all proceeds to the PTA",
             "Year 4 are doing a sponsored walk, please sponsor the children if you can"});
  all_flagged(Category::commercial, {"Please sponsor me for my marathon, link in bio"});
  all_flagged(Category::personal_data, {"the party is at ours, 9 Mill Ln, from 3"});
}

TEST_CASE("grooming: a listener for what a child can't tell home, a visit when parents are out") {
  all_flagged(Category::safeguarding,
              {"girls, if there's anything you can't tell your mum, I'm here, add me on insta",
               "I'll bring your trainers round when your parents are away, don't worry"});
  all_clean({"Kids, there's nothing you can't tell your parents or teachers, the assembly said",
             "I'll drop it round later, the costume I mean, thanks for lending it"});
}
