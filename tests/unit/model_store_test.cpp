// The learned model's side of the store (issue 16): its opinions, and how it did against the
// moderators as the Today page shows it.
#include <doctest/doctest.h>

#include "filters/learned/model_rules.hpp"
#include "filters/learned/text_features.hpp"
#include "store/activity.hpp"
#include "store/learning_examples.hpp"
#include "store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

// A moderator's closing decision, as Store::decide_item leaves the review (the decision flow
// itself is tested in store_items_test).
void decided(StoreFixture& f, std::int64_t comment_id, std::string_view outcome, Time at) {
  f.store->connection()
      .prepare(
          "UPDATE reviews SET state = 'closed', outcome = ?, decided_at = ? WHERE "
          "comment_id = ?")
      .bind_all(std::string(outcome),
                std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count(),
                comment_id)
      .run();
}

}  // namespace

TEST_CASE("a model opinion is stored once per version, with whether it was applied") {
  StoreFixture f;
  const auto v = f.ingest(StoreFixture::comment("c1", "a", "join my clan")).version_id;
  f.store->record_model_opinion(v, 0.93, "flag", false);
  f.store->record_model_opinion(v, 0.10, "review", true);  // a replay changes nothing
  auto q = f.store->connection().prepare(
      "SELECT probability, band, applied FROM model_opinions WHERE version_id = ?");
  q.bind(1, v);
  REQUIRE(q.step());
  CHECK(q.real(0) == doctest::Approx(0.93));
  CHECK(q.text(1) == "flag");
  CHECK(q.int64(2) == 0);
  CHECK_FALSE(q.step());
}

TEST_CASE("the model against the moderators: agreed, missed, and flagged where rules saw nothing") {
  StoreFixture f;
  const auto later = days_after(kT0, 1);
  auto post = [&](const char* id, const Verdict& v, bool model_flags) {
    const auto c =
        StoreFixture::comment(id, std::string("author-") + id, "text of " + std::string(id));
    const auto r = f.ingest(c);
    f.classify(r.version_id, v);
    if (model_flags) f.store->record_model_opinion(r.version_id, 0.9, "flag", false);
    return r.comment_id;
  };
  const auto spam = verdict_of({Category::spam});
  const auto both_kept = post("c1", spam, true);  // model and rules; kept hidden: agreed
  const auto shown = post("c2", spam, false);     // rules only; shown again: model agreed
  const auto missed = post("c3", spam, false);    // rules only; kept hidden: model missed
  post("c4", Verdict{}, true);                    // model only: the rules left it visible
  const auto abuse = post("c5", verdict_of({Category::abuse}), false);  // not about spam
  // The model's review band (its own match, rules clean), left up: neither side flagged it.
  Verdict unsure;
  unsure.categories.insert(Category::spam);
  unsure.matches.push_back(
      {std::string(hm::filters::learned::kModelReviewRule), Category::spam, 1, 0, 8});
  const auto left_up = post("c6", unsure, false);
  decided(f, left_up, "shown_again", later);
  decided(f, both_kept, "kept_hidden", later);
  decided(f, shown, "shown_again", later);
  decided(f, missed, "deleted", later);
  decided(f, abuse, "kept_hidden", later);

  const auto all = store::model_agreement_since(f.store->connection(), kT0);
  REQUIRE(all.count("jh") == 1);
  const auto& jh = all.at("jh");
  CHECK(jh.decided == 3);
  CHECK(jh.agreed == 2);
  CHECK(jh.only_model == 1);

  // Decisions before the window do not count; nor do comments first seen before it.
  const auto none = store::model_agreement_since(f.store->connection(), days_after(kT0, 2));
  CHECK((none.count("jh") == 0 || (none.at("jh").decided == 0 && none.at("jh").only_model == 0)));
}

namespace {

const moderation::ItemRoles kModerator{true, false};

// A flagged comment whose hide has been carried out, so a moderator can decide on it.
std::int64_t hidden_comment(StoreFixture& f, const char* id, const char* author, const char* text,
                            const Verdict& v) {
  const auto recorded = f.post(StoreFixture::comment(id, author, text), v);
  const auto hide = recorded.action_ids.at(0);
  REQUIRE(f.store->transition(hide, moderation::event::Start{kT0}, "executor", "", kT0));
  REQUIRE(f.store->transition(hide, moderation::event::Succeeded{}, "executor", "", kT0));
  return f.ingest(StoreFixture::comment(id, author, text)).comment_id;
}

void decide(StoreFixture& f, std::int64_t comment_id, moderation::ItemDecision d) {
  auto r = f.store->decide_item(comment_id, kModerator, {d, "", std::nullopt}, "user:head", kT0,
                                std::chrono::seconds(30), true);
  INFO((r ? "" : r.error().message));
  REQUIRE(r);
}

}  // namespace

TEST_CASE("a moderator's closing decision is a hashed training example; erasure removes it") {
  StoreFixture f;
  const std::string spam_text = "join my zorblax clan today";
  const auto kept =
      hidden_comment(f, "c1", "spammer", spam_text.c_str(), verdict_of({Category::spam}));
  const auto shown = hidden_comment(f, "c2", "parent", "what a day, you lot are mad",
                                    verdict_of({Category::abuse}));
  decide(f, kept, moderation::ItemDecision::keep_hidden);
  decide(f, shown, moderation::ItemDecision::show_again);

  auto examples = store::learning_examples(f.store->connection(), std::nullopt);
  REQUIRE(examples.size() == 2);
  CHECK(examples[0].school_id == "jh");
  CHECK(examples[0].spam);  // kept hidden, and its verdict said spam
  CHECK(examples[0].slots == filters::learned::feature_slots(spam_text));
  CHECK_FALSE(examples[1].spam);  // shown again: not spam
  CHECK(store::learning_examples(f.store->connection(), std::string("elsewhere")).empty());
  // Never the text: only hex of the hashed features.
  auto q = f.store->connection().prepare("SELECT features FROM learning_examples");
  while (q.step()) CHECK(q.text(0).find("zorblax") == std::string::npos);

  // The retention purge leaves the examples (they hold no text); an erasure takes the author's.
  f.store->erase_author(moderation::Platform::facebook, "spammer", "user:dpo", days_after(kT0, 1));
  examples = store::learning_examples(f.store->connection(), std::nullopt);
  REQUIRE(examples.size() == 1);
  CHECK_FALSE(examples[0].spam);
}

TEST_CASE("the learning tally: how many examples, and when the latest was decided") {
  StoreFixture f;
  CHECK(store::learning_tally(f.store->connection()) == store::LearningTally{0, 0});
  for (const char* id : {"t1", "t2"}) {
    const auto r = f.ingest(StoreFixture::comment(id, "author", "join my zorblax clan"));
    f.classify(r.version_id, verdict_of({Category::spam}));
    store::record_learning_example(f.store->connection(), r.comment_id,
                                   moderation::ItemOutcome::kept_hidden,
                                   id == std::string("t1") ? kT0 : days_after(kT0, 1));
  }
  const auto tally = store::learning_tally(f.store->connection());
  CHECK(tally.examples == 2);
  CHECK(tally.latest_decided_at ==
        std::chrono::duration_cast<std::chrono::seconds>(days_after(kT0, 1).time_since_epoch())
            .count());
}

TEST_CASE(
    "an example from a decision reads the school's trusted links as the daemon's model does") {
  StoreFixture f;
  f.store->set_trusted_links({{"jh", {"josephhood.org.uk"}}});
  const std::string text = "the newsletter is on https://josephhood.org.uk/news";
  const auto shown = hidden_comment(f, "c1", "parent", text.c_str(), verdict_of({Category::spam}));
  decide(f, shown, moderation::ItemDecision::show_again);
  const auto examples = store::learning_examples(f.store->connection(), std::nullopt);
  REQUIRE(examples.size() == 1);
  CHECK(examples[0].slots == filters::learned::feature_slots(text, {"josephhood.org.uk"}));
  CHECK(examples[0].slots != filters::learned::feature_slots(text));  // "<url>", untrusted
}
