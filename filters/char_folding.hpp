// How one non-ASCII code point folds for matching: NFKC case-fold, combining marks stripped,
// Latin look-alikes (Cyrillic а, Greek ο, ...) replaced by the ASCII letter they imitate.
//
// Error policy: never fails; an unmappable code point folds to itself.
// Computed with ICU lazily, 256 code points at a time, and cached for the process: ICU's
// confusable skeleton costs microseconds per call, a table lookup nanoseconds.
#pragma once

#include <string>

namespace hm::filters {

// Appends the UTF-8 replacement for `cp` to `out` (possibly nothing, for zero-width and
// combining characters). Thread-safe.
void append_folded(char32_t cp, std::string& out);

}  // namespace hm::filters
