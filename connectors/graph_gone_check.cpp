#include "connectors/graph_gone_check.hpp"

#include "connectors/graph_parse.hpp"

namespace hm::connectors::graph {

using Read = moderation::ObservedComment::Read;

moderation::PlatformAction gone_probe(const moderation::PlatformAction& action) {
  moderation::PlatformAction probe = action;
  if (probe.kind == moderation::ActionKind::reply) probe.kind = moderation::ActionKind::hide;
  return probe;
}

ActionResult settle_gone(const moderation::PlatformAction& action, ActionResult refused,
                         const StateRead& read, std::string_view permission_names) {
  ActionResult r = std::move(refused);
  if (action.kind == moderation::ActionKind::block) {
    // 100/33 on a block names the person: an account that no longer exists, or one already
    // blocked is seen by the blocked-list read. Neither stops the channel.
    if (read.observed.read == Read::seen && read.observed.author_blocked.value_or(false)) {
      r.outcome = ActionOutcome::done;
      r.reason += "; a read shows the person is blocked";
    } else {
      r.outcome = ActionOutcome::permanent_failure;
      r.reason += "; the platform does not know this person (or cannot block them)";
    }
    return r;
  }
  switch (read.observed.read) {
    case Read::gone:
      r.outcome = ActionOutcome::already_gone;
      r.reason += "; a read confirms the comment is gone";
      return r;
    case Read::seen:
      r.outcome = ActionOutcome::token_invalid;  // stops the channel; the action waits
      r.reason +=
          "; but a read shows the comment is still there, so the token lacks the "
          "permission to act on it (" +
          std::string(permission_names) + "). " + std::string(stop_advice(ErrorClass::permission));
      return r;
    case Read::no_read:
    case Read::failed:
      break;
  }
  if (read.token_invalid) {
    r.outcome = ActionOutcome::token_invalid;
    r.reason = read.message;
    return r;
  }
  r.outcome = ActionOutcome::retryable_failure;
  r.retry_at = read.retry_at;
  r.held_back = false;        // the action itself did reach the platform
  r.outcome_unknown = false;  // the platform refused the action: nothing was done
  r.reason += "; could not confirm it is gone (" + read.message + "), will try again";
  return r;
}

}  // namespace hm::connectors::graph
