// filters::exception_text and exception_clears: what counts as the same text, and that an
// exception never clears a safeguarding verdict.
#include "filters/filter_exception.hpp"

#include <doctest/doctest.h>

using namespace hm::filters;

TEST_CASE("exception text: case-folded, whitespace collapsed and trimmed") {
  CHECK(exception_text("Well DONE everyone") == "well done everyone");
  CHECK(exception_text("  well\t\tdone \n\r everyone  ") == "well done everyone");
  CHECK(exception_text("WELL\xc2\xa0"
                       "DONE") == "well done");  // a no-break space
  CHECK(exception_text("\xc3\x89"
                       "COLE") == exception_text("\xc3\xa9"
                                                 "cole"));  // É / é
  CHECK(exception_text("") == "");
  CHECK(exception_text(" \n ") == "");
  // Different words stay different: only case and spacing are forgiven.
  CHECK(exception_text("well done everyone!") != exception_text("well done everyone"));
  CHECK(exception_text("welldone") != exception_text("well done"));
  // Invalid UTF-8 never throws or reads past the end.
  CHECK_FALSE(exception_text("bad \xff\xfe bytes \xe2\x82").empty());
}

TEST_CASE("an exception clears a flagged verdict, never a safeguarding one") {
  Verdict clean;
  CHECK_FALSE(exception_clears(clean));  // nothing to clear
  Verdict abuse;
  abuse.categories.insert(Category::abuse);
  CHECK(exception_clears(abuse));
  Verdict mixed = abuse;
  mixed.categories.insert(Category::safeguarding);
  CHECK_FALSE(exception_clears(mixed));
  Verdict safeguarding;
  safeguarding.categories.insert(Category::safeguarding);
  CHECK_FALSE(exception_clears(safeguarding));
}
