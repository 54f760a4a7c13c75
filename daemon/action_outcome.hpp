// The way back from a platform call: a connector's ActionResult becomes the action machine's
// event (moderation/action_machine.hpp), as one pure mapping.
//   done / already_gone             → Succeeded / AlreadyGone
//   retryable_failure, held back    → HeldBack{retry_at}: the platform was not called, no attempt
//   retryable_failure               → FailedRetryable, not before the platform's retry_at
//                                     (marked outcome_unknown when the call may have been done)
//   token_invalid                   → TokenRefused: no attempt used; the executor stops the
//                                     channel and the action waits for it to restart
//   not_supported / permanent       → FailedPermanent
//
// Error policy: pure; nothing fails. A held-back result without a retry_at waits one backoff
// step as a retryable failure would, so a connector bug cannot spin the executor.
#pragma once

#include "connectors/connector.hpp"
#include "moderation/action_machine.hpp"

namespace hm::daemon {

// `jitter` in [0, 1) spreads retries (drawn by the caller so tests are deterministic).
moderation::ActionEvent event_for(const connectors::ActionResult& result, moderation::Time now,
                                  double jitter);

}  // namespace hm::daemon
