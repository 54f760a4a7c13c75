// One poll's comments through the moderation flow, in the design's order and ONE transaction
// (DESIGN.md §5, §7):
//   open transaction → ingest → classify → standing → plan → record → cursor → commit
// Filters classify (filters/), moderation decides (moderation/plan.hpp), the store records
// (store/store.hpp). Nothing calls back up: this file is the only place the steps meet.
//
// Error policy: a store failure throws StoreError and nothing of the poll is kept, the cursor
// included, so the same comments come again next poll. Classifying and planning never fail.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "daemon/judge_version.hpp"
#include "daemon/school_classifier.hpp"
#include "store/store.hpp"

namespace hm::daemon {

struct IngestOutcome {
  std::size_t fresh = 0;                         // new comments and edits stored (and classified)
  std::size_t flagged = 0;                       // of those, with any category
  std::vector<filters::CategorySet> categories;  // each fresh version's, for metrics
  bool actions_created = false;                  // the executor has work
  bool alert_queued = false;                     // the alert notifier has work
};

IngestOutcome ingest_poll(store::Store& store, const SchoolClassifier& classifier,
                          std::string_view channel_id,
                          std::span<const moderation::Comment> comments,
                          std::string_view next_cursor, moderation::Time now);

}  // namespace hm::daemon
