// Safeguarding with the shipped rules, the eighth and ninth passes (sets SG1, SG2, GR1 and GR2 in
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
using hm::test::all_concerns;

TEST_CASE("grooming in any tense and in fewer words; secrets kept by deleting chats") {
  all_concerns({
      "you looked really mature in the show, which year r u in?",
      "ur so grown up for year 7, what school u at",
      "nobody understands you like i do, delete all our messages after",
      "want to make some easy money? just carry a few packages for me after school, keep quiet",
      "are you home alone? just you and me then, I'll come over",
      // the ninth pass (sets GR1, GR2): the same families in other words
      "ur so pretty for ur age, do ur parents go through ur phone?",
      "I'm a talent agent, send me some swimwear photos, your dad doesn't need to know",
      "I'll top up your phone if you facetime me when your parents are asleep",
      "got a spare PS5, it's yours if you come to my flat on your own",
      "you're my special boy, don't tell anyone about our chats",
      "if you want the vbucks you have to keep quiet about it",
      "I've kept all your pics, send more or I'll show your friends",
      "meet me by the park after school, don't let anyone see you get in my car",
      // isolation is strong: with any other family it is a concern
      "are you home alone? add me on snap",
      "are your parents out tonight? I could come round",
  });
  all_clean({
      "You looked so grown up at the leavers' assembly, love, says Grandma",
      "Which year are you in? I think our kids are in the same class! (to another mum)",
      "Please delete the photos of other children from the group chat, thank you",
      "It was just the two of us at the school fair this year, the kids were at their dad's",
      "Can someone send me the photos from the nativity? Our camera died",
      "We can pick you up from the station if you're coming to the reunion",
      "Please keep quiet in the corridor during exams, thank you",
      "My body is aching after the mums' race, never again!",
      "I'll top up the class fund when I get paid on Friday",
      "Are you home alone with the kids this half term? Come round for a coffee!",
      "My son is home alone after school until 5, is there a club he can go to? message me",
      "Anyone on their own at Christmas? DM me, we always have room at our table",
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

// The tenth pass (sets GR3 to GR6, SG3 and SG4 in tests/data/fresh-signs.jsonl): each grooming
// family in ordinary words rather than set phrases (looks praised to the face, a present or a
// treat, the adult's place or car, keeping it from "your mum" in any words, the adult as the one
// who understands), and a child's own account sought.
TEST_CASE("the tenth pass: grooming families in ordinary words, and a child's account sought") {
  all_concerns({
      "you've grown into such a pretty girl, I've got a little present for you, text me",
      "I'll buy you some new makeup if you come round mine on Saturday",
      "no need to mention it to your dad, just meet me by the shop after school",
      "your parents would never understand us, keep our messages private",
      "the boys your age don't treat you like I would, message me back tonight",
      "which of the girls in the team photo has a snapchat? 😉 any of these year 9s",
      "is he on insta? the lad at the front in the rugby pics, these year 7s are all so cute",
      "I can get you into the over 18s nights, just say you're staying at a friend's",
      "send me a selfie just for me, I've got something for you",
      "hi sweet girl, age is just a number, want to video chat?",
  });
  all_clean({
      "Ellie you've got real talent, well done on the dance show!",
      "Message me on here if anyone finds a purple lunchbox",
      "Can someone give her a lift to the gala? Her mum's car has broken down",
      "Is he on the team sheet for Saturday? My son wasn't sure",
      "Keep quiet in the library please, the year 11s have exams",
      "My son loves sleeping in the car on long journeys, is the coach trip overnight?",
      "Pop by the office if you've lost a coat, there's a huge pile",
      "You deserve a medal Mr Price for getting 30 kids round the museum!",
      "If you need someone to talk to, the school's family support worker is brilliant",
      "How tall do the children have to be for the climbing wall trip?",
  });
}

TEST_CASE("the tenth pass: neglect, drugs and a child's account of an adult, in a parent's words") {
  all_concerns({
      "I'm worried about a girl in my son's class, she never gets any breakfast at home",
      "A boy in year 4 has been living in a car with his dad since Christmas",
      "Some sixth formers are selling pills to the year 8s behind the sports hall",
      "A man on the Fortnite server keeps asking children which school they go to",
      "My daughter says her friend's mum keeps disappearing for days and leaves her alone",
      "Nobody ever picks up the little girl in reception, she waits in the office till 6",
      "The older lads are making the year 7s fight each other for videos",
      "a year 5 boy cares for his mum who drinks and is falling asleep in class",
      "the PE teacher keeps messaging my daughter on snapchat at night",
  });
  all_clean({
      "My son never gets breakfast before swimming, he says it makes him feel sick",
      "My brother lives in a caravan park by the sea, the kids love visiting him",
      "The sixth formers are selling cakes for Children in Need on Friday",
      "My daughter's form tutor keeps messaging her about homework on Teams, bless him",
      "Nobody collects the lost property on Fridays so it all goes in a box by the gate",
  });
}

TEST_CASE(
    "the twelfth pass: a child told to keep contact from their parents, as a parent reports it") {
  // "not tell", however it is put, is a sign of secrecy that opens the concern model's gate.
  all_concerns({
      "My son said an older lad told him to DM him on snap and not tell anyone",
      "My daughter said a boy from year 11 told her to message him and not tell her mum",
  });
  all_clean({
      "I will never tell my kids off for being honest",
      "Please do not tell the children about the surprise assembly, it's for their teachers",
  });
}
