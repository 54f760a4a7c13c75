// The filter issue's abuse examples and their clean contrasts, through the shipped rules: every
// text here is written for this test. Evasions, homonyms, insults without a listed word,
// derogation and threats aimed at groups, and counter-speech that must stay clean.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

using hm::test::all_abuse;
using hm::test::all_clean;

TEST_CASE("evasions: closing digits, spaced letters after a one-letter word, swaps, look-alikes") {
  all_abuse({"what a slu7", "you are a s l u t", "you are s l u t", "u r a s l a g", "fukc off",
             "shut up you btich", "\xd1\x95lut",  // Cyrillic dze for the s
             "ur a wh0r3", "f.u.k.c. off", "Mus1ims are scum", "I hate Mus1ims"});
  all_clean({"Mus1c lessons are on Tuesday", "The 1ibrary is open after school"});
}

TEST_CASE("homonyms: pronouns, landscape, animals, birds, food, places and surnames stay clean") {
  all_clean({
      "If your child is unwell, he/she should stay at home for 48 hours",
      "Each pupil must bring a coat; s/he will be outside for most of the day",
      "Lovely photos of the dyke along the river walk on the Year 4 trip",
      "We walked along the dyke to the pumping station",
      "the farm's bitch and her puppies were the highlight of the visit",
      "Their collie bitch had six pups last week, the children loved them",
      "A blue tit nested in the bird box by the library",
      "Faggots and peas on the school dinner menu today, yum",
      "We're having faggots for tea tonight, the kids love them",
      "Year 5 are off to Scunthorpe and Penistone for the tournament",
      "Mr Dickens and Mrs Cockburn ran the cake stall",
      "We learnt about King Cnut in history today",
      "Year7 trip letter is out, mp3 players are not allowed",
  });
  // The same words used as slurs are still caught.
  all_abuse({"she's a dyke", "you stupid bitch", "that he-she teacher", "shut up you dirty dyke",
             "shut up faggot"});
}

TEST_CASE("insults without a listed word, aimed at a person or at staff") {
  all_abuse({"what a pathetic little man", "she's completely useless at her job",
             "Mr Hughes is an absolute disgrace", "the head is a liar and a coward",
             "you are a waste of space", "nobody likes you", "you spineless excuse for a teacher"});
  // Modesty, things and praise stay clean.
  all_clean({"I'm useless at baking, so I bought the cakes",
             "The printer is useless, could the letter be emailed?",
             "She was an animal on the rugby pitch, what a player",
             "What a lovely little man your son is"});
}

TEST_CASE("derogation, dehumanisation and threats aimed at identity groups, in ordinary words") {
  all_abuse({
      "Muslims are a plague on this country",
      "immigrants lives have no value",
      "travellers should all be sent back",
      "I wish all gay people would be wiped out",
      "why are trans people so disgusting",
      "disabled people are a burden on everyone",
      "Eastern Europeans are ruining this town",
      "I hate black people",
      "never trust a gypsy",
      "women belong in the kitchen",
      "I'm going to kill all the Jews",
  });
}

TEST_CASE("negated hate, counter-speech and neutral or positive mentions of groups stay clean") {
  all_clean({
      "saying Muslims are scum is disgusting",
      "Muslims are not scum and nobody here should say so",
      "I don't hate black people, I hate racism",
      "Comments like 'trans people are freaks' are deeply hurtful",
      "It's never OK to call anyone a name because of their religion",
      "Muslims are part of our school community, Eid Mubarak!",
      "Our Traveller families are welcome at every event",
      "Lovely assembly about Gypsy, Roma and Traveller History Month",
      "Disabled people deserve step-free access at sports day",
      "So proud of the girls' football team, women's sport is brilliant",
  });
}

TEST_CASE(
    "more forms of hate at groups: worth, trust, wishes, generalisations, threats to members") {
  all_abuse({
      "Refugees lives aren't worth anything",
      "Travellers like you should be locked up",
      "never trust a single Romanian",
      "Death to all immigrants",
      "Muslims can't be trusted",
      "disabled people don't deserve to live",
      "I want to see all the gays dead",
      "Poles have ruined this town",
      "women are lesser beings",
      "Jews shouldn't be allowed to exist",
      "I will hurt every trans person I see",
  });
  all_clean({
      "It's wrong to say refugees are animals",
      "Claiming women are inferior is bigotry",
      "This stupid printer jammed again, sorry the forms are late",
      "Refugees deserve our support, the collection is on Friday",
  });
}

TEST_CASE("person-aimed contempt: 'you're so ridiculous', mocking intelligence, dismissal") {
  all_abuse({
      "you are so ridiculous",
      "Mrs Patel is completely classless",
      "he's a fake and a wannabe",
      "what a gormless man",
      "you've only got one brain cell",
      "she has the brain of a goldfish",
      "you're as thick as two short planks",
      "he's not the sharpest tool in the box",
      "a few sandwiches short of a picnic, that one",
      "the lights are on but nobody's home with that teacher",
      "get a brain",
      "nobody asked you",
      "nobody cares what you think",
      "cry me a river",
      "go cry to your mummy",
      "you should just shut up",
      "do us all a favour and resign",
      "your stupidity is breathtaking",
      "how thick are you",
  });
  // Modesty, medicine, things and kind words stay clean.
  all_clean({
      "I've got the brain of a goldfish today, forgot the PE kit again",
      "I'm not the sharpest tool in the box at maths, so thanks for the homework club",
      "Our Year 6 science topic: how brain cells send messages",
      "He has two brain scans next week so will miss Tuesday",
      "That homework question was ridiculous, 40 sums in one night",
      "Nobody asked for the disco to move, but it works better in the hall",
      "Could you do us all a favour and bring a cake for Friday?",
      "Thick as thieves, those two, lovely to see them together",
      "Toxic plants: please don't bring foxgloves to the nature table",
      "Sorry for my ignorance, which day is the trip?",
      "How thick is the ice on the pond? The children want to know",
  });
  // A grumble about the school day is never abuse (the complaint model reads it as a complaint,
  // which gets a reply, not a hiding).
  const auto queue = hm::test::classify_shipped("The queue at pick-up was ridiculous today");
  CHECK_FALSE(queue.categories.contains(hm::filters::Category::abuse));
}

TEST_CASE("groups: the world better without them, keep them out, nothing worse than one") {
  all_abuse({
      "Gypsies like them are filthy",
      "You Poles are all dishonest",
      "Asylum seekers lives are worthless",
      "Britain would be a better place without immigrants",
      "It's sickening how Travellers behave",
      "Keep refugees out of our town",
      "We don't want Muslims round here.",
      "Don't let gay people near our kids",
      "There's nothing worse than a Pakistani",
      "Typical Romanian.",
      "typical Pakistani behaviour",
      "trans people need to be wiped off the face of the earth",
      "I h8 black people",
  });
  // Condemning hate, denying a stereotype, and ordinary uses of the same words stay clean.
  all_clean({
      "Racism against Travellers has no place in our school",
      "Hatred towards refugees has no place here",
      "It's not true that immigrants are a burden",
      "The myth that disabled people are lazy was the theme of the PSHE lesson",
      "We don't want disabled pupils to feel left out at sports day",
      "A typical Muslim family breaks the fast together at sunset",
      "There's nothing better than a Polish bakery on a Saturday",
      "Please keep refugees in your thoughts this Christmas",
  });
}

TEST_CASE("a person's intelligence mocked, threats to find someone, the writer's self-mockery") {
  all_abuse({"you're not very bright, are you", "you are not that smart",
             "I'll find out where you live", "we will find where she works",
             "I'd punch him if I saw him"});
  all_clean({"I'm such an idiot, I left the lunchbox on the bus",
             "I was a total muppet and missed parents' evening",
             "My son is not very confident yet, any tips for reading?",
             "I'd punch the air if we won the raffle"});
}

TEST_CASE("hate carried by a pronoun, a wish phrased as a question, 'too stupid to'") {
  all_abuse({
      "I've worked with lots of Travellers and I hate every single one of them",
      "Refugees? They're all vermin.",
      "Wouldn't it be lovely if all the Poles just disappeared",
      "Never let a Romanian anywhere near my kids",
      "Fed up of these migrants destroying our town",
      "Gypsies are too thick to read this anyway",
  });
  all_clean({
      "We visited the mosque, met lots of Muslims and loved every single one of them",
      "Travellers? They are part of our school family.",
      "Wouldn't it be lovely if all the parents came to the Eid party",
      "Girls are too often put off physics, so come to the STEM club",
      "Tired of these refugees being blamed for the housing crisis",
  });
}

TEST_CASE("children named by who they are, and who someone would rather die than have") {
  all_abuse({"Autistic kids are a drain on the school", "trans pupils are mentally ill",
             "SEND children shouldn't be allowed in normal schools",
             "I'd rather die than have a Muslim teacher"});
  all_clean(
      {"Whether SEND children do better in mainstream schools is worth discussing at the "
       "governors' meeting",
       "Our autistic pupils loved the quiet room at the disco",
       "Black kids' achievement is up again this year, well done all"});
}

TEST_CASE("groups named with a role, feelings, stereotypes, questions and expulsion") {
  all_abuse({
      "Gay teachers should be locked up",
      "I'll beat up any trans kid who uses those toilets",
      "Disabled ppl are useless",
      "I can't bear Muslims",
      "Trans people make my skin crawl",
      "Gays. Can't stand any of them.",
      "I've met plenty of Poles and they're all the same, thieves",
      "Black lives don't matter",
      "Why do immigrants always stink?",
      "Why are Travellers allowed to live near a school?",
      "Gay people spread disease",
      "Bloody immigrants ruining everything",
      "Let's run the Gypsies out of town",
      "Women are only fit for cleaning",
      "I will never respect a female head teacher",
      "transpeopleshouldbebanned",
  });
  all_clean({
      "Black Lives Matter assembly today was powerful",
      "Gay teachers are role models for so many pupils",
      "Why are black people underrepresented in history books?",
      "Let's welcome the new Polish families to our school",
      "Disabled parents can park at the front of the building",
      "phonesshouldbebanned in lessons",
  });
}

TEST_CASE("counter-speech: a claim disowned, quoted to be challenged, or heard and condemned") {
  all_clean({
      "Saying that Muslims are a plague is pure hate and should be reported",
      "Comments like \"immigrants are leeches\" have no place here",
      "I wouldn't say immigrants are cockroaches, that's disgusting",
      "Hearing people call Travellers scum makes me so angry",
      "\"Women belong in the kitchen\" is the kind of nonsense we teach our pupils to challenge",
      "Dumb question but when is the last day of term?",
  });
  // A claim disowned ends at the comma: what follows is read on its own.
  all_abuse({"I wouldn't say they're animals, you're all scum"});
}

TEST_CASE("hate in set V's forms: a clause after the group, 'come here and take', denial") {
  all_abuse({
      "The Gypsies who park on the rec are nothing but trouble",
      "why should we let Muslims decide what our school teaches",
      "refugees come over here and take our houses",
      "a woman can never be a proper head",
      "SEND kids don't belong in our classrooms",
      "Romanian parents can't even speak English",
      "Asian lads are always the ones dealing",
      "trans women are still men",
      "send every single refugee back",
      "immigrants should all go home",
      "women are too emotional to be in charge",
      "Polish people are all benefit cheats",
  });
  all_clean({
      "Saying that immigrants take our jobs is a myth and a nasty one",
      "Saying Jews control the media is an antisemitic conspiracy theory",
      "The Traveller families who joined this year are lovely",
      "Our refugee families came here and made this school better",
      "The SEND team belong in every conversation about our classrooms",
      "The parents who run the PTA are nothing but brilliant",
      "Trans women are welcome at our coffee mornings",
  });
}

TEST_CASE("hate as a comparison, a nature, a reason, a gender denied, a child kept from a group") {
  all_abuse({
      "Eastern Europeans are like rats",
      "Travellers are no better than animals",
      "Refugees like you make me sick",
      "we don't want any more Romanians moving in here",
      "I'd never let a trans woman look after my kids, don't let them babysit",
      "why do Gypsies always have to steal",
      "disabled kids should be kept apart from the rest",
      "Somalis are genetically more violent",
      "Muslims pray five times a day because they're brainwashed",
      "trans men can never be real men",
  });
  all_clean({
      "Our Polish families are like one big family at the school gate",
      "Kids are like animals after the Christmas disco, bless them",
      "People who say refugees are no better than animals should be ashamed",
      "Parents like you make me proud to work here",
      "We don't want any more rain on sports day",
      "Never let a day go by without reading to your child",
      "Muslims fast in Ramadan because it's one of the five pillars",
      "Trans men are real men and our trans pupils are welcome here",
      "The twins are kept in separate classes, which works well",
      "Black pupils are naturally part of every club we run",
  });
}

TEST_CASE("tropes told of groups: predators, a hidden hand, scroungers, too many, kept away") {
  all_abuse({
      "trans teachers are indoctrinating our kids",
      "the muslims are behind the media, always",
      "Poles are only here for the benefits",
      "far too many Romanians in this town, it's not English anymore",
      "keep the SEND kids away from our classrooms",
      "I don't want my daughter sitting next to any refugees",
      "I'd rather move schools than have my son taught by a Muslim",
  });
  all_clean({
      "the PTA are behind all of this, thank you!",
      "too many parents in this car park at 3pm",
      "Keep the kids away from the road please",
      "I'd rather walk than have my son driven by a stranger",
      "people who say immigrants are only here for the benefits need to meet our families",
      "there are so many different languages in this school now, I love it",
  });
}

TEST_CASE("hate asked as a question, a place to know, a group named then called vermin") {
  all_abuse({
      "Aren't immigrants just parasites?",
      "Women like you should know their place.",
      "Immigrants? Vermin, the lot of them.",
  });
  all_clean({
      "Aren't the new Year 7s just brilliant?",
      "Immigrants? Welcome, the lot of them.",
      "Our Year 6s know their place in the line for assembly.",
  });
}
