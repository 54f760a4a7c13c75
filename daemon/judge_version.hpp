// The middle of the moderation flow for one classified comment version:
//   standing (store) → plan (moderation, pure) → record (store)
// Header-only so that store-level tests, the crash child and the benches run exactly the
// daemon's steps without linking the daemon (daemon/ingest.hpp runs it for each poll).
//
// Error policy: store failures throw StoreError; inside the caller's transaction (if any),
// nothing is kept. Replaying a version that already has a verdict changes nothing.
#pragma once

#include <cstdint>

#include "moderation/plan.hpp"
#include "store/store.hpp"

namespace hm::daemon {

inline store::RecordedVerdict judge_version(store::Store& store, std::int64_t version_id,
                                            const moderation::Verdict& verdict,
                                            const moderation::SchoolPolicy& policy,
                                            moderation::Time now) {
  // Most comments are clean, and a clean verdict plans nothing whatever the author's standing:
  // record it without reading the standing (the daemon's hot path).
  if (verdict.clean()) return store.record(version_id, verdict, moderation::ModerationPlan{}, now);
  auto tx = store.begin_write();
  const store::VersionOwner owner = store.version_owner(version_id);
  const moderation::AuthorStanding standing =
      store.author_standing(owner.comment_id, moderation::window_start(policy.strikes, now));
  const moderation::ModerationPlan plan = moderation::plan_moderation(
      policy, owner.platform, verdict, standing, store.live_action_kinds(owner.comment_id));
  store::RecordedVerdict recorded = store.record(version_id, verdict, plan, now);
  tx.commit();
  return recorded;
}

}  // namespace hm::daemon
