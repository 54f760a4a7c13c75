// The safeguarding detector with the shipped rules: grooming as families of cues that must add
// up, risk-to-life statements with their urgency, and threats against the school. Every example
// is written for this test; the clean ones are what parents ordinarily post.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

namespace {

Verdict classify(std::string_view text) {
  return hm::test::classify_shipped(text);
}

using hm::test::all_clean;
using hm::test::all_concerns;

const Match* find_rule(const Verdict& v, std::string_view rule) {
  for (const Match& m : v.matches)
    if (m.rule == rule) return &m;
  return nullptr;
}

// `rule` fired on `v`, and its explanation names each of `parts` ("concern_harm 2").
void check_why(const Verdict& v, std::string_view rule, std::initializer_list<const char*> parts) {
  const Match* m = find_rule(v, rule);
  REQUIRE_MESSAGE(m, std::string(rule));
  for (const char* part : parts)
    CHECK_MESSAGE(m->why.find(part) != std::string::npos, (m->why + " lacks " + part));
}

}  // namespace

TEST_CASE("textbook grooming is a concern, and the verdict names the families that added up") {
  auto v = classify(
      "you look so grown up in your sports day pics, how old are you? add me on snap, our "
      "little secret x");
  CHECK(v.categories.contains(Category::safeguarding));
  const Match* m = find_rule(v, "detector.safeguarding.grooming");
  REQUIRE(m);
  CHECK(m->why.find("sg_asks_age 2") != std::string::npos);
  CHECK(m->why.find("sg_secrecy 3") != std::string::npos);
  CHECK(m->why.find("(threshold 4)") != std::string::npos);
  CHECK(v.urgency == Urgency::normal);
}

TEST_CASE("one strong family aimed at a child is enough") {
  CHECK(find_rule(classify("I'll give any year 7 who messages me free robux"),
                  "detector.safeguarding.grooming"));
  CHECK(find_rule(classify("any year 9 girls want free vbucks? just dm me"),
                  "detector.safeguarding.grooming"));
  CHECK(find_rule(classify("are you home alone? what are you wearing"),
                  "detector.safeguarding.grooming"));
  CHECK(find_rule(classify("ur so pretty, dont tell your mum we talk"),
                  "detector.safeguarding.grooming"));
  CHECK(find_rule(classify("are your parents home? send me a pic of what ur wearing"),
                  "detector.safeguarding.grooming"));
  CHECK(find_rule(classify("you're so mature for 13, want to meet up?"),
                  "detector.safeguarding.grooming"));
}

TEST_CASE("one weak family alone, or a parent's ordinary arrangements, stay clean") {
  all_clean({
      "Any mums want to meet up for coffee after drop off? DM me x",
      "Found a blue coat in the playground, inbox me if it's your child's",
      // the writer's own child: a parent among parents, not an adult seeking out a child
      "DM me if you need the homework sheet, my son has a spare copy",
      "my son keeps asking for robux for his birthday, any ideas?",
      "How old do they have to be for the after school club?",
      "Surprise collection for Mrs Patel's leaving gift, don't tell her! PM me",
      "They all look so grown up in their leavers' photos",
      "Can I give you a lift to the PTA meeting? Message me",
      "Our Ella is 9 and so mature for her age, proud mum",
      "Shall we meet at the gate at 3? I'll bring the raffle prizes",
  });
}

TEST_CASE("suicide and self-harm are concerns with urgency risk_to_life") {
  for (const char* text : {"i want to kill myself", "been cutting again, nobody would miss me",
                           "gonna take all my mums tablets tonight"}) {
    auto v = classify(text);
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), std::string(text));
    CHECK_MESSAGE(v.urgency == Urgency::risk_to_life, std::string(text));
  }
  // Other safeguarding concerns keep normal urgency; awareness events and idioms stay clean.
  CHECK(classify("send me nudes").urgency == Urgency::normal);
  CHECK(classify("Suicide prevention evening for parents on Thursday").clean());
  CHECK(classify("I was killing myself laughing at the panto").clean());
}

TEST_CASE("threats of violence against the school are both abuse and safeguarding") {
  for (const char* text : {"someone should burn that school down with the head still inside",
                           "gonna set fire to the staffroom", "I'll batter the headteacher",
                           "I know where the head lives, she'd better watch her back"}) {
    auto v = classify(text);
    CHECK_MESSAGE(v.categories.contains(Category::abuse), std::string(text));
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), std::string(text));
  }
  CHECK(classify("The fire drill at the school went well this morning").clean());
  CHECK(classify("Bonfire night at the school field, bring sparklers").clean());
}

TEST_CASE("a child's self-harm told by a parent or friend is as urgent as the child's own words") {
  for (const char* text : {"She's being picked on at break and has started cutting herself",
                           "my son keeps saying he wants to die, please can someone call me",
                           "A boy in Year 8 tried to hang himself last week, the kids are talking",
                           "My daughter took an overdose on Saturday"}) {
    auto v = classify(text);
    CHECK_MESSAGE(v.urgency == Urgency::risk_to_life, text);
  }
  // Advice and awareness name no one who has started.
  all_clean({"If your child is self-harming, the pastoral team can help",
             "Talk: how to notice when a teenager has started self-harming"});
}

TEST_CASE("a reported risk to children goes to the DSL: strangers, staff harm, pressure") {
  all_concerns({
      "There was a bloke filming the children at the gate again this morning",
      "A man in a grey van was offering sweets to some Year 3s by the park",
      "A stranger has been following girls home from the bus stop",
      "A teaching assistant grabbed him by the collar and shoved him",
      "the dinner lady slapped my daughter",
      "An older lad keeps messaging my son on Instagram",
      "some boy keeps asking her for pics",
      "Hey gorgeous, what year are you in?",
  });
  all_clean({
      "A man from the fire service talked to the children about safety",
      "The photographer is taking photos of the classes on Thursday",
      "Two dads have been following the kids' football all season, thank you",
      "The coach kicked the ball back to him and he scored",
      "Mrs Ahmed hurt her back moving the staging, get well soon",
      "The office asked him for pictures of the fair for the newsletter",
      "Hi beautiful people, see you at the Christmas fair!",
  });
}

TEST_CASE(
    "disclosures: harm at home, weapons carried, exposure, sextortion, neglect, grooming named") {
  all_concerns({
      "A girl in my class said her stepdad hits her when her mum is out",
      "A lad in year 10 has been bringing a knife into school in his blazer",
      "a man flashed at some girls by the school field",
      "a boy in year 11 threatened to share her pictures with everyone",
      "if i dont send him another pic he says he'll post the others",
      "I think the little boy next door is being groomed by a man from the gym",
      "Those kids are left on their own all night, every night",
      "a video of a year 8 boy being beaten up is going round",
      "I can't go on like this.",
      "nobody would care if i died",
  });
  all_clean({
      "My dad hits the gym every morning before work",
      "Pupils must not bring a knife into school, food tech knives are provided",
      "The children were made to send pictures of their pets to the class blog",
      "My daughter's teacher keeps messaging her about homework on Teams",
      "The Year 9s were left speechless by the science show",
  });
}

TEST_CASE("a worry about a child in the writer's own words adds up, and says why") {
  auto v =
      classify("I'm worried, a man keeps asking my son to come back to his flat after football");
  check_why(v, "safeguarding.concern-reported", {"concern_harm 2", "concern_child 1"});
  CHECK(v.categories.contains(Category::safeguarding));
  all_concerns({
      "Please help, my daughter is only 9 and hasn't come home from the park",
      "I think our lodger is touching the girls when I'm at work",
      "My nephew (14) has a girlfriend who is 25, is this normal?",
  });
  // A harm word with only one other sign, or a worry about ordinary things, stays clean.
  all_clean({
      "My son hasn't come home with his reading book, has anyone seen it?",
      "I think the teacher wants to meet him about his reading",
      "I'm worried my daughter's shoes won't last until summer",
      "Some older boys helped my son when he fell off his bike, thank you",
  });
}

TEST_CASE("distress in a pupil's own words: two of a goodbye, hopelessness and a means of harm") {
  auto v = classify("cant stop cutting, the blade is the only thing that helps");
  check_why(v, "safeguarding.distress", {"distress_hopeless 2", "distress_means 2"});
  CHECK(v.urgency == Urgency::risk_to_life);
  all_concerns({
      "no point carrying on, see you all on the other side",
      "this is goodbye, nobody will even notice",
      "i wish i was never born, everyone would be happier without me",
      "I can't take it anymore, I've got all my mum's tablets",
  });
  // One family alone is a leavers' post, a bad day or a DIY job.
  all_clean({
      "Goodbye Year 6, we will miss you all!",
      "I can't cope with this traffic every morning",
      "Dad needs a new blade for the hedge trimmer",
      "See you all on the other side of the holidays",
  });
}

TEST_CASE("a pupil in a photo picked out and remarked on as no adult should") {
  auto v = classify("the girl in the red top at the front is stunning, what's her insta?");
  check_why(v, "safeguarding.pupil-looks", {"pupil_picked_out 2", "pupil_asks_who 2"});
  all_concerns({
      "That blonde lad in the middle is a cutie, hope he's single",
      "lovely figure on the girl second from left",
      "would love to get to know the little one on the right better, pm me",
      "Your daughter looks very mature for her age in this photo",
      "the cutie with the braces in the choir pic, send me her snap",
  });
  // A parent's pride, a pupil pointed out without a remark, or praise without singling anyone out.
  all_clean({
      "The girl in the red top is my niece, isn't she beautiful",
      "The boy on the left is my grandson, so proud of him",
      "The netball girls were brilliant on Saturday",
      "Who's the girl with the trophy? I think she's in my daughter's class",
  });
}

TEST_CASE("reports in a writer's own words: neglect, an adult partner, luring and drink") {
  all_concerns({
      "My son came home with bruises again and won't say who did it",
      "My 13 year old has a 19 year old boyfriend and I don't know what to do",
      "My daughter says a man in a van followed her home from school",
      "My son hasn't eaten properly for days because there's no food at home",
      "Some older lads have been giving my son vodka at the park",
      "if anyone in 8C grasses again they're getting shanked",
      "who wants the video of the year 9 boy in the changing rooms",
  });
  all_clean({
      "My son was bruised after the rugby match but loved every minute",
      "My son hasn't eaten his vegetables all week, any tips?",
      "The kids followed the trail all the way home and found the treasure",
      "My daughter has a 19 year old sister who picks her up on Fridays",
  });
}

TEST_CASE(
    "harms the statutory guidance names: marriage, FGM, radicalisation, challenges, missing") {
  all_concerns({
      "They're sending my friend to Bangladesh after her GCSEs to get married",
      "Her parents are making her marry a man she has never met",
      "My niece is being taken abroad in the holidays to be cut",
      "A man outside the youth club is recruiting teenagers for his movement",
      "The kids were doing the blackout challenge at lunch",
      "My daughter keeps making herself sick after meals",
      "A boy in my son's class hasn't been at school for weeks and nobody knows where he is",
      "I'm being forced to carry drugs for some older lads",
      "Someone made a fake account using my son's photos",
      "A lad held his phone under a girl's skirt in the lunch queue",
      "My nephew is 15 and sleeping rough since his dad kicked him out",
      "Some boys took my son's bike at knifepoint",
      "Older lads are making him strip and filming it",
  });
  all_clean({
      "Congratulations to Mrs Khan who got married in Pakistan over the summer!",
      "FGM awareness training for all staff on Monday",
      "We're recruiting volunteers for the summer fair",
      "The blackout blinds in the drama studio are being replaced",
      "The year 10 debate on extremism was excellent",
      "My son hasn't been at school this week, he has chickenpox",
      "The year 8s rated the school dinners ten out of ten",
      "Sleeping bags are needed for the year 6 camping trip",
  });
}

TEST_CASE("the fourth pass: marriage said later, not eating, carrying, filming, rating, threats") {
  all_concerns({
      "My cousin is getting sent back home to be married at Easter",
      "they want her to get married next year and she's only 14",
      "My daughter hasn't eaten a proper meal for weeks and I'm frightened",
      "he says he's too fat and only eats an apple all day",
      "older boys are paying the year 8s to deliver weed after school",
      "someone filmed a year 9 getting changed after swimming",
      "the lads have a chat where they rank the year 7 girls",
      "He's threatening to share her nudes with the whole year",
      "if she tells her mum he'll send the pictures to everyone",
      "my mate has slept in her dad's van most nights since Christmas",
      "I've taken a handful of paracetamol and feel sick",
      "how many sleeping pills would it take",
      "hey year 8s, i can get you lot vapes, don't bring your mates",
  });
  all_clean({
      "Lovely photos of the kids changing into their costumes for the nativity",
      "My son won't eat his lunch, I'm worried he doesn't like the new menu",
      "How many tablets does it take to run a whole class on the new app?",
      "Tonight's the night! I've written letters to everyone in Year 6",
      "The choir got evicted from the hall, rehearsal is in the gym",
      "The Year 6 girls were rated the best netball team in the county",
      "The school will share the pictures of sports day tomorrow",
      "She's getting married in June, she's only 16 months older than me",
      "I took 2 paracetamol and the headache has gone",
  });
}

TEST_CASE("the fifth pass: pictures held for money, a young carer, not safe at home, handouts") {
  all_concerns({
      "he said he'd post the photos of her unless she sent him more",
      "some lad online says unless he pays £100 the video goes to his whole school",
      "my uncle keeps saying we should torch the synagogue",
      "she's looking after her dad by herself since he got ill and she's exhausted",
      "I don't feel safe at home with my stepdad",
      "girls in her group chat told her to make herself sick after lunch",
      "her boyfriend is 22 and she's only 14",
      "he's bringing a blade into school on monday for the boy who snitched",
      "my son says a man in a red car offered him sweets to get in",
      "a man at the shops keeps buying the year 8s vapes, I'm worried",
      "a lady from the dance class told my daughter to keep their messages secret",
      "my son owes the older lads now and he's terrified",
      "my mum's boyfriend comes into my room when she's at work and i don't like it",
  });
  all_clean({
      "Someone made a lovely video of the Year 9 trip, please share the photos",
      "She looks after her mum's dog at weekends and loves it",
      "The kids feel safe at home and at school thanks to the new crossing",
      "We told the year 6s to keep the surprise party a secret from Mrs Ali",
      "Does my son need to bring a knife in for food tech?",
      "The PTA gave the kids ice lollies on sports day",
      "My son owes the library two books, sorry!",
      "I don't like it when the car park is full at pick-up",
  });
}

TEST_CASE("the sixth pass: an adult who buys things, a parent hit, a child begging for food") {
  all_concerns({
      "my boyfriend is 23 and he bought me a new phone",
      "her stepdad slammed her mum against the door last night",
      "a boy in year 4 begs the other kids for their leftovers every lunchtime",
      "she's been sleeping at some older lad's house all week",
      "someone is sending the year 7s clips of people being stabbed",
      "her brothers will hurt her if they find out she's been texting a boy",
      "a man has been loitering around the girls' changing rooms at the leisure centre",
      "my daughter has new trainers and a phone and won't say who gave them to her, older lads",
      "the swimming coach gave my son his personal number to message him",
      "the little girl across the road gets locked in a shed, I heard her crying",
      "im going to do it tomorrow, i've got everything sorted",
      "I keep thinking about not being here anymore",
      "he says I'm more mature than girls my age, don't tell your mum we talk",
  });
  all_clean({
      "My son doesn't want to wake up for school on Mondays!",
      "I'm going to do it this weekend, the garden is a mess",
      "The kids were locked in the hall for the fire drill practice, all fine",
      "My boyfriend is 30 and he bought the raffle tickets",
      "Our cat came back home smelling of fish again",
      "Heavy metal club starts on Tuesday for Year 9",
      "The new head is a brilliant leader",
      "Grandad turns up to every match and waits outside the changing rooms with snacks",
  });
}

TEST_CASE("the seventh pass: hidden cameras, a child forced into a car, a belt, race-war talk") {
  all_concerns({
      "someone put a secret camera under the sink in the girls' toilets",
      "two men dragged a boy into a van on the high street",
      "a fake account keeps asking the year 8 girls for nudes",
      "my friend's only 14 and she's pregnant",
      "a man is paying kids £200 to rent their bank cards",
      "my uncle keeps going on about the great replacement to my son",
      "my dad beats me with a belt when he's drunk",
      "better watch ur backs on friday, got a blade",
      "a man she met online told my daughter to delete all their messages",
      "the coach keeps asking my son to stay behind alone after training",
      "some men keep following my daughter home from the bus",
      "my son's dad is high every day and forgets to feed him",
      "my mate says she wants to die",
      "honestly it would be easier if i wasn't here",
      "my daughter has been self-harming",
      "she keeps scratching her wrists until they bleed",
      "the blonde girl on the left, stunning, I'd love to talk to her privately",
  });
  all_clean({
      "She keeps scratching her head, is there nits going round year 3?",
      "My daughter keeps cutting her own hair, any hairdresser tips?",
      "If your child is self-harming, the school nurse can help",
      "The PE teachers asked the kids to stay behind to tidy the hall",
      "My son is giving his old games away to the charity shop",
      "Who is the teacher with the blonde hair in the front row? She was amazing",
      "The history trip taught them so much about the war",
      "My sister's pregnant! Baby due in the summer holidays",
      "I use my bank card for the school shop",
  });
}

TEST_CASE("words that only look like harm stay clean: a dye, a voice, a knee") {
  all_clean({
      "My son said he wants to die his hair blue for charity day, is that allowed?",
      "I want to die my hair pink for charity",
      "Who is the girl who sang the solo? She has a beautiful voice, please pass it on",
      "She keeps hurting her knee at netball, should she sit out?",
      "Goodbye Year 6, we'll miss you all! See you on the other side of the summer",
  });
  all_concerns({
      "i want to die at this point",
      "I just want to die and nobody cares",
      "i want to die 😭",
      "Who is the girl in the red top? Gorgeous, what's her snap",
  });
}
