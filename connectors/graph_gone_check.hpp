// "Already gone" confirmed by a read (issue 13, item 4). Graph answers 100/33 ("does not exist,
// cannot be loaded due to missing permissions, or does not support this operation") both when a
// comment was deleted and when the token lacks the permission to act on it, so an action that
// got 100/33 counts as done only after the connector's own current_state() read shows the
// comment is gone. A comment the read still sees means a permission problem for the admin: the
// channel stops with that reason (ActionOutcome::token_invalid), as for an expired token, and
// the action waits for the reload.
//
// Error policy: pure; nothing fails. A read that did not answer is a retryable failure that
// used no effect (the platform refused the action, so nothing was done).
#pragma once

#include "connectors/connector.hpp"

namespace hm::connectors::graph {

// The read to make: the comment's node only (a reply's confirmation needs no thread read).
moderation::PlatformAction gone_probe(const moderation::PlatformAction& action);

// `refused`: the action's already_gone result (from 100/33); `read`: current_state(gone_probe).
ActionResult settle_gone(const moderation::PlatformAction& action, ActionResult refused,
                         const StateRead& read, std::string_view permission_names);

}  // namespace hm::connectors::graph
