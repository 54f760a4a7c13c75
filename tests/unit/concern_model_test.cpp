// The learned concern model (filters/learned/concern_model.hpp): its features match the trainer's
// (scripts/train-concern-model) byte for byte, a damaged file is refused with where and why, and
// the shipped model, through the pipeline a user's comments take, adds safeguarding where the
// rules found none and stays quiet on everyday comments in the same frames.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <fstream>

#include "filters/learned/concern_model.hpp"
#include "filters/pipeline.hpp"
#include "support/shipped_rules.hpp"

namespace fs = std::filesystem;
using namespace hm::filters;
using learned::ConcernModel;

namespace {

std::optional<ConcernModel> parse(std::string_view text, std::vector<Problem>& problems) {
  return ConcernModel::parse(text, "concern-model.txt", problems);
}

const Match* concern_match(const Verdict& v) {
  for (const Match& m : v.matches)
    if (m.rule == learned::kConcernRule) return &m;
  return nullptr;
}

// Each text is a safeguarding concern that the model found (its own match), not a rule.
void all_found_by_model(std::initializer_list<const char*> texts) {
  for (const char* text : texts) {
    const auto v = hm::test::classify_shipped(text);
    CHECK_MESSAGE(v.categories.contains(Category::safeguarding), std::string(text));
    CHECK_MESSAGE(concern_match(v), std::string(text));
  }
}

using hm::test::all_clean;

}  // namespace

TEST_CASE("features are the trainer's: ASCII lower-cased words of [a-z0-9'], pairs, FNV-1a") {
  // Values printed by scripts/train-concern-model's own fnv1a and feature_names.
  CHECK(ConcernModel::slot("w:secret") == 419016);
  CHECK(ConcernModel::slot("b:came home") == 576842);
  CHECK(ConcernModel::slot("w:don't") == 158938);
  const std::vector<std::string> expected{
      "b:don t",  "b:it's our", "b:mum it's", "b:our secret", "b:secret caf",
      "b:t tell", "b:tell mum", "w:caf",      "w:don",        "w:it's",
      "w:mum",    "w:our",      "w:secret",   "w:t",          "w:tell"};
  CHECK(ConcernModel::feature_names("Don’t TELL mum, it's our secret!! café") == expected);
  CHECK(ConcernModel::feature_names("").empty());
  CHECK(ConcernModel::feature_names("\xff\xfe\x80 !!").empty());
}

TEST_CASE("a model scores by its weights and names the heaviest words") {
  std::vector<Problem> problems;
  const std::string text = "# hallmonitor concern model 1\nflag_at 0.5\nbias -1\n" +
                           std::to_string(ConcernModel::slot("w:secret")) + " 2.5\n" +
                           std::to_string(ConcernModel::slot("b:our secret")) + " 1\n";
  auto model = parse(text, problems);
  REQUIRE(model);
  CHECK(problems.empty());
  CHECK(model->weight_count() == 2);
  CHECK(model->judge("lovely day").probability == doctest::Approx(1 / (1 + std::exp(1.0))));
  CHECK(model->judge("lovely day").band == learned::Band::none);
  const auto opinion = model->judge("it is OUR secret, our secret");
  CHECK(opinion.probability == doctest::Approx(1 / (1 + std::exp(-2.5))));
  CHECK(opinion.band == learned::Band::flag);
  REQUIRE(opinion.reasons.size() == 2);
  CHECK(opinion.reasons[0].feature == "secret");
  CHECK(opinion.reasons[1].feature == "our secret");
}

TEST_CASE("a damaged model file is refused, saying where and why") {
  std::vector<Problem> problems;
  CHECK_FALSE(parse("", problems));
  CHECK_FALSE(parse("flag_at 0.5\n", problems));
  CHECK(problems.back().str().find("first line") != std::string::npos);
  problems.clear();
  CHECK_FALSE(parse("# hallmonitor concern model 1\nflag_at 2\nbias 0\n", problems));
  CHECK(problems.back().str() ==
        "concern-model.txt:2: flag_at must be a probability between 0 and 1");
  problems.clear();
  CHECK_FALSE(parse("# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n12 x\n", problems));
  CHECK(problems.back().line == 4);
  problems.clear();
  CHECK_FALSE(parse("# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n9 1\n3 1\n", problems));
  CHECK(problems.back().message.find("increasing") != std::string::npos);
  problems.clear();
  CHECK_FALSE(parse("# hallmonitor concern model 1\nbias 0\n", problems));
  CHECK(problems.back().message == "no flag_at line");
  problems.clear();
  CHECK_FALSE(parse("# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n1048576 1\n", problems));
  problems.clear();
  CHECK_FALSE(ConcernModel::load("/nonexistent/concern-model.txt", "/nonexistent", problems));
  CHECK(problems.empty());  // no file: the admin turned the model off
  CHECK_FALSE(
      parse("# hallmonitor concern model 1\nflag_at 0.5\nbias 0\ngate ../etc/x\n", problems));
  CHECK(problems.back().message.find("inside the filters folder") != std::string::npos);
}

TEST_CASE("a gate list that is missing or holds a bad entry stops the model from loading") {
  const fs::path dir = fs::temp_directory_path() / ("hm-concern-" + std::to_string(::getpid()));
  fs::create_directories(dir / "lists");
  const auto model_file = dir / "concern-model.txt";
  std::ofstream(model_file) << "# hallmonitor concern model 1\nflag_at 0.5\nbias 0\n"
                               "gate lists/harm.txt\n";
  std::vector<Problem> problems;
  CHECK_FALSE(ConcernModel::load(model_file, dir, problems));
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.front().file.find("harm.txt") != std::string::npos);
  problems.clear();
  std::ofstream(dir / "lists" / "harm.txt") << "re:(unclosed\n";
  CHECK_FALSE(ConcernModel::load(model_file, dir, problems));
  CHECK_FALSE(problems.empty());
  problems.clear();
  std::ofstream(dir / "lists" / "harm.txt") << "gone missing\n";
  auto model = ConcernModel::load(model_file, dir, problems);
  REQUIRE(model);
  CHECK(model->gate_open("he has gone missing again"));
  CHECK_FALSE(model->gate_open("lovely sports day"));
  CHECK_FALSE(model->risk_to_life("he has gone missing again"));  // no risk_to_life lists

  // A risk_to_life list opens the gate too, and marks what it matches; a missing one is refused.
  std::ofstream(model_file, std::ios::app) << "risk_to_life lists/risk.txt\n";
  problems.clear();
  CHECK_FALSE(ConcernModel::load(model_file, dir, problems));
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.front().file.find("risk.txt") != std::string::npos);
  problems.clear();
  std::ofstream(dir / "lists" / "risk.txt") << "hurting herself\n";
  model = ConcernModel::load(model_file, dir, problems);
  REQUIRE(model);
  CHECK(model->gate_open("she keeps hurting herself"));
  CHECK(model->risk_to_life("she keeps hurting herself"));
  CHECK(model->gate_open("he has gone missing again"));
  CHECK_FALSE(model->risk_to_life("he has gone missing again"));
  CHECK_FALSE(
      parse("# hallmonitor concern model 1\nflag_at 0.5\nbias 0\nrisk_to_life /etc/x\n", problems));
  CHECK(problems.back().message == "risk_to_life must name a list inside the filters folder");
  fs::remove_all(dir);
}

TEST_CASE("the shipped model adds safeguarding where the rules found none, with its reasons") {
  // The rules alone do not flag this one; the model does, through its gate.
  const auto& pipeline = hm::test::shipped_rules();
  const auto& school = *School::none();
  // A report in words no rule scores high enough, with a sign of harm the gate knows (not in
  // the model's training rows).
  const auto v = pipeline.classify(
      "the lads at the park have been asking him to carry packages for them after school", school);
  CHECK(v.categories.contains(Category::safeguarding));
  const Match* m = concern_match(v);
  REQUIRE(m);
  CHECK(m->why.starts_with("the learned concern model: "));
  CHECK(m->why.find('(') != std::string::npos);
  CHECK_FALSE(pipeline.description(learned::kConcernRule).empty());
}

TEST_CASE("a sign of harm too weak for the rules (lists/concern/signs.txt) opens the gate too") {
  // No harm the report rule counts: "a man", "scared" are signs only, and the model decides.
  all_found_by_model(
      {"my son's been getting friend requests from a man who says he's a talent scout",
       "a man at the rec keeps giving the year 5 boys energy drinks and asking them round to his",
       "i'm scared of my mum's new boyfriend, he shouts and throws stuff",
       "a boy keeps trying to film up her skirt on the bus home",
       "there's a deepfake of my niece being passed round her year group"});
  // The same signs in everyday comments open the gate, and the model stays quiet.
  all_clean({"my daughter was scared on the big slide at the fair but loved it",
             "the kids were starving after the cross country, good job there were oranges",
             "a man from the bank came in to present the PTA cheque",
             "my son made his own costume for world book day all by himself",
             "it's no secret that our reception team are the best",
             "budget cuts mean no swimming lessons this term, so sad",
             "I can't cope with the excitement, last day of term!",
             "my son owes his sister a fiver for the tuck shop",
             "we're running errands for grandma this weekend so will miss the fair",
             // Older pupils and class group chats are everyday: both were signs once, and flagged.
             "an older lad in year 11 gives the year 7s free coaching on Saturdays",
             "my daughter's been added to the year 7 group chat and hasn't stopped smiling"});
}

TEST_CASE(
    "signs of neglect, young caring, exploitation and control open the gate; the model decides") {
  all_found_by_model(
      {"there's a boy in year 4 who always has nits, holes in his shoes and hasn't got a coat",
       // (a child "falling asleep in class" is a harm the rules count since the tenth pass)
       "a year 5 boy cares for his mum who drinks and looks exhausted every morning",
       "a girl in reception is living with a family friend since her mum went back abroad",
       "a year 10 girl keeps turning up with expensive bags and a much older boyfriend",
       "a year 9 girl is with a 19 year old who tracks her phone and won't let her see her "
       "friends",
       "the swimming coach messages him late at night and tells him he's special",
       "my nephew in year 7 has been told by his church that he's possessed and they're going to "
       "pray the demon out of him"});
  all_clean(
      {"My son only eats one meal at school, the rest he has at home.",
       "Does anyone have a spare coat for a year 4 boy? He's grown out of his.",
       "The swimming coach says my son is special, he's been picked for the county squad.",
       "My daughter fainted in PE yesterday, the staff were great, she hadn't had breakfast.",
       "Our church is holding a carol service for year 7 families.",
       "The boy in year 3 with the broken arm is doing well, he's got a cool cast.",
       "My son came home with a black eye from rugby, he's very proud of it!",
       "the boy in year 4 with the broken arm is back in goal already, tough lad",
       // What a parent arranged is not a worry (lists/concern/arranged.txt counts against it).
       "a teacher kindly gave my daughter a lift home when her bike got a puncture, with my "
       "permission, thank you",
       "A man from the football club has been giving the year 7s lifts to away matches with "
       "parents' permission."});
  CHECK(hm::test::classify_shipped(
            "a teacher gave my daughter a lift home and told her not to tell me")
            .categories.contains(Category::safeguarding));
}

TEST_CASE("a self-harm statement only the model finds is a risk to life, as the rules' are") {
  const auto& pipeline = hm::test::shipped_rules();
  const auto& school = *School::none();
  const auto self_harm = pipeline.classify(
      "the girl next to me in maths has scars on her arms and says nobody would notice if she was "
      "gone",
      school);
  REQUIRE(concern_match(self_harm));
  CHECK(concern_match(self_harm)->urgency == Urgency::risk_to_life);
  CHECK(self_harm.urgency == Urgency::risk_to_life);
  // Another concern the model finds keeps the normal urgency.
  const auto lured = pipeline.classify(
      "a man at the rec keeps giving the year 5 boys energy drinks and asking them round to his",
      school);
  REQUIRE(concern_match(lured));
  CHECK(lured.urgency == Urgency::normal);
  // A wish not to wake up is a risk to life too.
  const auto not_wake = pipeline.classify(
      "i feel like everything would be easier if i just went to sleep and didn't wake up", school);
  REQUIRE(concern_match(not_wake));
  CHECK(not_wake.urgency == Urgency::risk_to_life);
  // A wish not to be here, in a pupil's own words, is a risk to life too.
  const auto not_here =
      pipeline.classify("honestly everyone would be happier if i just wasnt here anymore", school);
  REQUIRE(concern_match(not_here));
  CHECK(not_here.urgency == Urgency::risk_to_life);
  // A sign of self-harm in an everyday comment opens the gate; the model stays quiet.
  CHECK_FALSE(pipeline.classify("my son hurt himself on the trampoline, he's fine now", school)
                  .categories.contains(Category::safeguarding));
}

TEST_CASE("the shipped model stays quiet on everyday comments in a report's frame") {
  // The first ones it took for concerns before it had a gate.
  all_clean({"Year 9 boys did brilliant in the rugby, well done lads",
             "My son's been cutting his own hair again 😂",
             "My daughter asked if she could meet up with friends after school on Friday",
             "My son's been shooting hoops every night since basketball club started 🏀",
             "My son came home without his jumper AGAIN",
             "My daughter says the new reading scheme is brilliant, thank you",
             "He told me they're doing a cake sale on Friday, what time does it start?",
             "Well done to the under 9s on a great match on Saturday",
             "Lovely photos from sports day, the children had a wonderful time"});
}

TEST_CASE("where the rules already found safeguarding, the model adds nothing") {
  const auto& pipeline = hm::test::shipped_rules();
  const auto v = pipeline.classify(
      "you look so grown up in your sports day pics, how old are you? add me on snap, our little "
      "secret x",
      *School::none());
  CHECK(v.categories.contains(Category::safeguarding));
  CHECK_FALSE(concern_match(v));
}
