// The Connector interface (DESIGN.md §6): one per channel, polling a platform for new and
// edited comments and applying moderation actions to them.
//
// Error policy: expected failures (rate limits, an expired token, a 5xx storm, a comment that
// is already gone, an unsupported action) are results, never exceptions. Only infrastructure
// failures (out of memory, a bug) throw; the daemon's poll loop catches them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "connectors/wire_time.hpp"
#include "moderation/capabilities.hpp"
#include "moderation/types.hpp"
#include "moderation/unknown_outcome.hpp"

namespace hm::connectors {

// The opaque poll position the daemon stores per channel after it commits the comments of a
// fetch. Empty means "never polled". Each connector documents its own format (README).
using Cursor = std::string;

enum class FetchStatus {
  ok,
  rate_limited,     // retry_at: when access returns; do not call before
  token_invalid,    // stop the channel and alert with `message`
  transient_error,  // network trouble, 5xx, malformed body; retry_at: when to try again
};
std::string_view to_string(FetchStatus s) noexcept;

struct FetchResult {
  FetchStatus status = FetchStatus::ok;
  std::vector<moderation::Comment> comments;  // new comments and new versions of edited ones
  Cursor next_cursor;                         // store after committing `comments`
  std::optional<Time> retry_at;               // rate_limited, transient_error
  std::string message;                        // alert / log text; never contains secrets
  int api_calls = 0;                          // HTTP requests made by this fetch
};

enum class ActionOutcome {
  done,
  already_gone,       // counts as done: the comment no longer exists
  not_supported,      // the platform's API cannot do it: the moderator does it by hand
  retryable_failure,  // retry_at says when
  permanent_failure,  // e.g. permission missing, the platform refuses this comment
  token_invalid,      // the channel's token was refused (Graph 190, X 401): stop the channel
                      // and alert as for fetch; the action waits for it, using no attempt
};
std::string_view to_string(ActionOutcome o) noexcept;

struct ActionResult {
  ActionOutcome outcome = ActionOutcome::permanent_failure;
  std::string reason;  // for the audit log; never contains secrets
  std::optional<Time> retry_at;
  // retryable_failure only: the connector refused on its own throttle and did not call the
  // platform, so no attempt was used; retry_at is when access returns.
  bool held_back = false;
  // retryable_failure only: the request may have reached the platform and taken effect, but
  // the answer says nothing definite (unreadable or cut-off body, the connection lost after the
  // request was written, a 5xx). The executor checks current_state() before calling again.
  // False means a definite failure: the platform answered and did not do it.
  bool outcome_unknown = false;
};

// What current_state() read. `observed.read` is `failed` when the read did not answer; then
// retry_at, held_back and token_invalid say why, as for an ActionResult.
struct StateRead {
  moderation::ObservedComment observed;
  std::string message;  // for the audit log; never contains secrets
  std::optional<Time> retry_at;
  bool held_back = false;  // refused on the connector's own throttle: no request was made
  bool token_invalid = false;
  int api_calls = 0;  // HTTP requests made by this read
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual boost::asio::awaitable<FetchResult> fetch(const Cursor& cursor) = 0;
  virtual boost::asio::awaitable<ActionResult> apply(const moderation::PlatformAction& action) = 0;
  // Reads, without changing anything, the platform's state that `action` would change: whether
  // its comment is hidden or gone, whether the account's reply with the action's text is there,
  // whether its author is blocked. A platform without such a read answers `no_read` (and makes
  // no request); the connector's README lists which reads each platform has.
  virtual boost::asio::awaitable<StateRead> current_state(
      const moderation::PlatformAction& action) = 0;
  virtual moderation::Capabilities capabilities() const = 0;
};

// Why an escalation never reaches a platform (every connector answers not_supported with it).
inline constexpr std::string_view kEscalateIsInternal =
    "escalation is internal to hallmonitor, not a platform call";

}  // namespace hm::connectors
