// What the seventeenth pass added (README, "The seventeenth pass"), through the shipped rules:
// hate in a functional suite's forms, and the school-page forms its later sets found missing.
// Every text here is written for this test, in words the pass's sets did not use.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

using hm::test::all_clean;
using hm::test::all_flagged;

TEST_CASE("threats at a group's members one by one, after the group is named, or as regret") {
  all_flagged(Category::abuse, {"We're going to hunt down any muslim who shows his face round here",
                                "Travellers... I want to see them all strung up",
                                "We will make sure these refugees regret ever coming"});
  // The same words, kind: a parent finding helpers, a celebration, a welcome.
  all_clean({"I'm going to track down every woman who baked for the sale and thank her",
             "Polish families? I'd love to see them all at the language day",
             "Let's make sure the new refugee families never regret moving here"});
}

TEST_CASE("a group's worth denied, and the rhetorical question that rejects it") {
  all_flagged(Category::abuse,
              {"Lesbians aren't natural", "Immigrants have never paid a penny in tax",
               "Disabled people should've been put down at birth"});
  all_clean({"Who says gay people aren't normal? They are, and they're welcome here",
             "Immigrants have never had it easy, be kind",
             "My daughter has never contributed anything to the class chat, she's shy"});
}

TEST_CASE("a group's members called by an adjective and a word of contempt") {
  all_flagged(Category::abuse, {"Muslims? They're all lying little rats"});
  all_clean({"Year 6? They're all lovely little helpers",
             "Slugs are vile creatures, they ate the school garden"});
}

TEST_CASE("counter-speech from 'those who', as from 'people who'") {
  all_clean({"Those who call Travellers thieves should be ashamed of themselves"});
}

TEST_CASE("the pass's school-page forms: a stranger at the gates, self-harm seen, the toilets") {
  all_flagged(Category::safeguarding,
              {"A creepy man has been hanging about outside the school giving money to the infants",
               "A girl in year 9 has scratches all down her arms and says she did it herself"});
  all_flagged(Category::complaint, {"The loos are always filthy, my daughter won't use them",
                                    "There's never any toilet roll in the year 3 toilets"});
  all_flagged(Category::commercial,
              {"Window cleaning round the estate, \u00a315 per visit, first clean free"});
  all_clean({"The toilets were filthy after the disco but the caretaker sorted them, thank you",
             "Father Christmas was giving sweets to the infants at the grotto",
             "The grazes down his legs are from the cross country, he loved it"});
}

TEST_CASE("a treatment or a discount asked about is no advert; offered with a price, it is") {
  all_clean({"Can the girls wear gel nails for the leavers' photos?",
             "Is the uniform shop 10% off again this September?"});
  all_flagged(Category::commercial,
              {"Lash tech working from home in the village, full sets £35, message me to book"});
}

TEST_CASE("homonyms of slurs in their other sense, and a slur said to be used as an insult") {
  all_clean({"The forest school children gathered faggots of kindling for the fire",
             "Drainage dykes across the fields flooded after the storm",
             "The caretaker found someone smoking a fag behind the mobile classroom",
             "Retard was thrown around as an insult in the 80s and it hurt people"});
  // The slur stays a slur beside the same words.
  all_flagged(Category::abuse, {"Put that cigarette out you fag", "She's a dyke across the road"});
}

TEST_CASE("an account posing as a child to reach children, and play-acting that is not") {
  all_flagged(Category::safeguarding,
              {"A new profile posing as a year 6 keeps adding the boys in my son's class"});
  all_clean({"Our Year 4 class page is pretending to be a newspaper for book week"});
}

TEST_CASE("insults at staff in a parent's words, and complaints nobody answers") {
  all_flagged(Category::abuse, {"Honestly the head is a total tool, never listens",
                                "he's got no backbone, hides in his office"});
  all_clean({"The DT club got a complete tool kit from the hardware shop, thank you",
             "She is a tool and die maker and came in for careers day"});
  all_flagged(Category::complaint, {"Nobody ever replies to emails from this school",
                                    "We paid for the trip photos and still haven't received them"});
  all_clean({"Nobody ever picks up their child late without ringing first, so please call"});
}

TEST_CASE("a rep for a party-plan brand, and the river or the book fair that is not one") {
  all_flagged(Category::commercial, {"Just joined Avon, message me for a brochure x",
                                     "Independent Usborne organiser here, orders by Friday"});
  all_clean({"Year 5 canoed down the River Avon on their trip",
             "The Usborne book fair raised £200 of free books for the library"});
}
