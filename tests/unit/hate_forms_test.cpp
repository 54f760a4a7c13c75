// Hate at groups in the forms the fourteenth pass added (README, "The fourteenth pass"), and the
// contrasts that must stay clean, through the shipped rules. Every text here is written for this
// test, in words the pass's sets did not use.
#include <doctest/doctest.h>

#include "support/shipped_rules.hpp"

using hm::test::all_abuse;
using hm::test::all_clean;

TEST_CASE("outrage that a group is allowed, rights denied, a group that should not exist") {
  all_abuse({
      "It's a disgrace that Polish people are allowed to teach here.",
      "Refugees shouldn't get any rights at all.",
      "Travellers should not even exist.",
      "Honestly Romanians are the scum of the earth.",
      "Lesbians are absolute filth.",
  });
  all_clean({
      "It's a disgrace that disabled pupils are still waiting for a lift.",
      "Refugees should get the same rights as anyone fleeing a war.",
      "Some parents claim Travellers steal. That's a lie.",
  });
}

TEST_CASE("a group blamed, sent home, spat on, watched locked up, said to breed") {
  all_abuse({
      "The problem with this town is refugees.",
      "Send all the Romanians home.",
      "We spit on Travellers.",
      "I'd happily see all the Somalis deported.",
      "Refugees are breeding like rats.",
      "A good traveller is a dead traveller.",
  });
  all_clean({
      "The problem with this town is the parking.",
      "Send all the letters home in book bags please.",
      "I'd happily see more refugees on the PTA.",
  });
}

TEST_CASE("a group named, then called names in the next sentence, or said to make one sick") {
  all_abuse({
      "What else would you expect from a Romanian? They're all thieves.",
      "Being sat next to Muslims makes me feel sick.",
      "Nobody wants Travellers round here.",
      "I'm sick of refugees everywhere.",
  });
  all_clean({
      "What a lovely Romanian family. They're all so kind.",
      "I'm sick of refugees being blamed for everything.",
      "Nobody wants Travellers to feel unwelcome at the fair.",
  });
}

TEST_CASE("words of contempt for staff: animals, superlatives, brains") {
  all_abuse({
      "The deputy is a sneaky little weasel",
      "That caretaker is the laziest man on earth",
      "Mr Grant has the brains of a plank",
      "you clueless lot",
  });
  all_clean({
      "Our class pet is a rat called Nibbles",
      "I have the brain of a goldfish this week, sorry for the late form",
      "what a dreadful lot of rain today",
  });
}

TEST_CASE("disdain held for a group, disgust at one, a town 'lovely before they came'") {
  all_abuse({
      "I feel nothing but scorn for Travellers.",
      "We're so sickened by refugees.",
      "This street was peaceful before the Romanians moved in.",
      "Somalis want to take over this country.",
      "The only thing Travellers are good for is scrap.",
      "Refugees deserve whatever comes to them.",
  });
  all_clean({
      "I feel nothing but admiration for Travellers who came to the fair.",
      "We're so sickened by the abuse refugees get online.",
      "Racist comments about Somalis aren't welcome on this page.",
      "This street was peaceful before the roadworks started.",
  });
}

TEST_CASE("one person reduced to the group, questions that would be rid of it, 'no good' ones") {
  all_abuse({
      "You're only a Romanian to me.",
      "As a Traveller, you should know your place.",
      "Why should we put up with Somalis?",
      "Could someone please kick out the refugees?",
      "Travellers should never have been let in.",
      "There is no such thing as a good Traveller.",
      "Never known a refugee who wasn't a scrounger.",
  });
  all_clean({
      "As a Traveller, you should come to the heritage day, it's about your history.",
      "Why should we put up with the potholes on the school road?",
      "There are no good seats left for the Travellers' history talk, sorry.",
  });
}

TEST_CASE("hate as a negated positive") {
  all_abuse({
      "Romanians are no good.",
      "Travellers don't deserve any kindness.",
      "Refugees contribute nothing to society.",
      "Couldn't think of one good thing about Somalis.",
      "I would never trust a Traveller.",
  });
  all_clean({
      "I wouldn't trust a black cab to be on time at pick up",
      "Refugees don't deserve the abuse they get online.",
      "Romanians are no different from anyone else.",
  });
}

TEST_CASE("a group named, then attacked as 'them' in the next sentence") {
  all_abuse({
      "A Romanian family lives on our road. We can't stand them.",
      "Travellers turned up at the fair. They should all be kicked out.",
      "There are two Somalis in Year 4. They don't belong in this school.",
  });
  all_clean({
      "A Romanian family came to the fair. They should be made welcome.",
      "There are two Somalis in Year 4. They belong here like everyone else.",
  });
}
