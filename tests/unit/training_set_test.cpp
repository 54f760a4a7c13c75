// filters/learned/training_set.hpp: labelled rows read whole or refused with file:line, the
// everyday comments, and a set of one class only refused.
#include <doctest/doctest.h>

#include "filters/learned/text_features.hpp"
#include "filters/learned/training_set.hpp"
#include "support/temp_dir.hpp"

using namespace hm::filters::learned;

TEST_CASE("training set: rows, everyday comments, and what is refused") {
  hm::test::TempDir dir("training-set");
  dir.write("rows.jsonl",
            "{\"text\":\"win a prize, call now\",\"labels\":[\"spam\"]}\n\n"
            "{\"text\":\"lovely concert\",\"categories\":[]}\n"
            "{\"text\":\"\",\"labels\":[]}\n"
            "{\"text\":\"buy my course\",\"labels\":[\"commercial\",\"abuse\"]}\n");
  std::string error;
  auto rows = read_labelled_rows(dir.path() / "rows.jsonl", {}, error);
  REQUIRE_MESSAGE(rows, error);
  CHECK(rows->examples.size() == 3);
  CHECK(rows->spam == 2);
  CHECK(rows->skipped == 1);
  CHECK(rows->examples[1].slots == feature_slots("lovely concert"));

  dir.write("broken.jsonl", "{\"text\":\"ok\",\"labels\":[]}\n{\"text\":\"no labels\"}\n");
  CHECK_FALSE(read_labelled_rows(dir.path() / "broken.jsonl", {}, error));
  CHECK(
      error.ends_with("broken.jsonl:2: a row needs a string \"text\" and an array \"labels\" "
                      "(or \"categories\")"));
  CHECK_FALSE(read_labelled_rows(dir.path() / "missing.jsonl", {}, error));
  CHECK(error.starts_with("cannot read "));

  dir.write("everyday.txt", "# a comment line\nsee you at the fair\nwell done year 6\n");
  const auto everyday = read_everyday_comments(dir.path() / "everyday.txt", {});
  CHECK(everyday.examples.size() == 2);
  CHECK(read_everyday_comments(dir.path() / "none.txt", {}).examples.empty());

  auto set = assemble({*rows, everyday}, error);
  REQUIRE(set);
  CHECK(set->examples.size() == 5);
  CHECK(set->spam == 2);
  CHECK_FALSE(assemble({everyday}, error));
  CHECK(error == "the examples hold no spam; a model needs both kinds to tell them apart");

  const auto learned = learn_now(*set, {});
  CHECK(learned.model.info().trained_at > 0);
  CHECK(learned.model.info().examples == 5);
}
