// What the fifteenth pass added (README, "The fifteenth pass"), through the shipped rules. Every
// text here is written for this test, in words the pass's sets did not use.
#include <doctest/doctest.h>

#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

using namespace hm::filters;

using hm::test::all_clean;
using hm::test::all_flagged;
using hm::test::classify_shipped;

TEST_CASE("'slag' the noun is caught whatever follows it; 'slag off' stays the verb") {
  all_flagged(Category::abuse, {"his sister is a slag everybody says so"});
  all_clean({"please don't slag the dinner ladies off, they work hard",
             "no need to slag them, they tried their best",
             "the lads were slagging off the referee all match"});
}

TEST_CASE("threats: a beating wished, a brick promised, a teacher waited for") {
  all_flagged(Category::abuse, {"Muslims deserve a good hiding", "he deserves a proper kicking",
                                "any of you lot walk past ours and you get a brick through"});
  // On staff or a pupil the threat reaches the safeguarding lead too.
  for (const char* text : {"that science teacher needs a good slap",
                           "I'll be waiting in the car park for Mr Hale, "
                           "he won't get home in one piece",
                           "hope the deputy head gets what's coming to him"}) {
    const Verdict v = classify_shipped(text);
    CHECK_MESSAGE(v.categories.contains(Category::abuse), text);
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), text);
  }
  all_clean({"the car needs a good clean after the camping trip",
             "my son won't be walking home tonight, his dad is collecting him",
             "someone threw a brick through the shop window last night, police are there"});
}

TEST_CASE("hate in functional forms: next sentence, 'and they were all', never real people") {
  all_flagged(
      Category::abuse,
      {"Nothing sickens me more than immigrants.",
       "Why do Muslims always have to be so aggressive?",
       "I've taught a few Travellers and they were all thieves.",
       "Keep away from Romanians. They are scum.", "I cannot bear being around gay people.",
       "Trans women will never be real women.", "Refugees should stay in their own countries.",
       "Gypsies are back on the rec, lock up your sheds",
       "The Polish lot next door are a bunch of thieves."});
  all_clean({"I met some Travellers at the fair. They are lovely people.",
             "Nobody is claiming women are weaker, just that the kit is too big",
             "Never let anyone convince you that being bisexual is a phase",
             "I used to believe Romanians were all thieves. How wrong I was.",
             "'Go home immigrants' was painted on the underpass, the council is cleaning it",
             "Seagulls are vermin, they stole my chips at the beach"});
}

TEST_CASE("adverts and appeals: a business voted for, a selling team, a trial, a child's surgery") {
  all_flagged(Category::commercial,
              {"Please vote for us, our salon made the final of the Hair Awards",
               "Join my Avon team, earn around the school run",
               "Zumba in the scout hut, first session free",
               "Please give whatever you can towards my nephew's operation fund",
               "My son needs a heart operation abroad, please share and donate, link in bio"});
  all_clean({"Could everyone donate to the PTA's library fund? Thank you!",
             "Join our PTA team, we need helpers for the fair",
             "We've been shortlisted for Eco School of the Year, please vote for us!"});
}

TEST_CASE("complaints: still waiting, nothing done, fobbed off, how is it fair") {
  all_flagged(Category::complaint,
              {"Still waiting on an answer about the music lessons",
               "The school refuses to do anything about the parking",
               "I feel fobbed off by the office every time I ring",
               "How is it right that only Year 6 get a trip?",
               "Nobody answered the phone at reception yesterday",
               "The portal hasn't worked for weeks and homework is still being set on it",
               "Why did no one tell parents the trip had moved?",
               "Another cancelled club, that's the fourth time this term"});
  all_clean({"Still waiting for the nativity photos, so excited!",
             "Our class won the attendance cup, third week running!",
             "That's the third goal this term for our Ruby"});
}

TEST_CASE("reports: a child unseen since the weekend, waking up pointless, letters left") {
  all_flagged(Category::safeguarding,
              {"No one has heard from the girl in 9C since Saturday, her mum is frantic",
               "The boy in the green coat looks very grown up, which year is he?"});
  const Verdict v = classify_shipped("there's no point getting up any more");
  CHECK(v.urgency == Urgency::risk_to_life);
  all_clean({"No one has seen the lost rabbit since Friday, he's grey and white",
             "Our boys want to meet up at the park on Saturday, who's in?",
             "The kids have written their letters to Santa, tonight's the night they post them"});
}

TEST_CASE("spam: loans without a credit check, local girls, free bets on a referral link") {
  all_flagged(Category::spam, {"loans guaranteed within 1 hour, no credit check",
                               "Bored tonight? Meet naughty singles near you 💋",
                               "Get £20 in free bets, register with my code"});
  all_clean({"Does anyone know if the credit union does school uniform loans?",
             "Bet you can't guess who won the egg and spoon race!"});
}

TEST_CASE("set SC5: a chocolate teapot, fed up of the school, the wrong child, bags to carry") {
  all_flagged(Category::abuse, {"Mr Dean is about as useful as a chocolate fireguard",
                                "go and whinge about it somewhere else"});
  all_flagged(Category::complaint,
              {"Anybody else fed up with the constant emails from the office?",
               "Three different class teachers in one term, no wonder they're behind",
               "Why is the water fountain always out of order?",
               "The office has given us the wrong dates for the residential"});
  all_flagged(Category::safeguarding,
              {"older lads are paying year 7s a tenner to carry packages after school"});
  all_clean({"The new laminator is as much use as a chocolate teapot",
             "Is anyone else fed up with this weather?",
             "Sorry, I wrote the wrong time in my last comment"});
}

TEST_CASE("set HC4: the lowest form of life, no business here, if I had my way") {
  all_flagged(
      Category::abuse,
      {"Immigrants are a lower form of life", "Muslims have no business teaching in our schools",
       "I'd like to see every Traveller rot", "If it was up to me trans people would be deported",
       "The only good Jew is a dead one", "We don't want more refugees moving into our street"});
  all_clean({"We don't want any more Travellers' horses loose on the field",
             "The only good thing about the Muslims' Eid party was the food",
             "I would love to see every immigrant family at the international evening",
             "If I had my way women would run the country"});
}

TEST_CASE("'if you're lonely' said to someone, not an invitation with a when") {
  all_flagged(Category::safeguarding, {"add me on snap if ur lonely tonight x"});
  all_clean({"Message me if you're lonely at Christmas, the community lunch has spaces",
             "Drop in to the library if you're lonely over half term, there's a free craft club"});
}

TEST_CASE("set HC5: hate asked as a question, given as a finding, promised to a newcomer") {
  all_flagged(Category::abuse,
              {"Am I the only one who thinks Romanians are thieves?",
               "Personally I find Travellers disgusting",
               "I'll make sure every Muslim at this school pays for it",
               "The next immigrant that parks outside my house is going to get a beating"});
  all_clean({"Is it just me or are the new lunches brilliant?", "I find Muslims very welcoming",
             "Any parent who helps at the fair will get a free raffle ticket"});
}

TEST_CASE("set SC7: witches, a spine, work doing, nobody checking, an older man at the gate") {
  all_flagged(Category::abuse, {"the PTA lot are nasty old witches", "Grow a backbone, Mr Dale"});
  all_flagged(Category::commercial,
              {"My brother does kitchens, if anybody needs any work done give him a shout"});
  all_flagged(Category::complaint, {"Another letter with the wrong date, does no one even read "
                                    "these before they go out?",
                                    "We're paying for the office's error, again"});
  all_flagged(Category::safeguarding,
              {"a Year 10 girl keeps getting collected after school by a much older bloke"});
  all_clean({"My daughter is going as a witch to the Halloween disco",
             "Does anyone check the lost property box on Fridays?",
             "She was picked up by her older brother today"});
}
