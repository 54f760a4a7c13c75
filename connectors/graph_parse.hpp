// Sans-io parsers for Graph API (Facebook Pages and Instagram) responses: comment listings with
// paging, nested post/media listings, action results, batch responses, the error object and
// the rate-limit headers (PLATFORMS.md §1.1, §1.2, §2.2, §2.3, §4.1, §5.1).
//
// Errors are classified by error.code / error_subcode, never by HTTP status.
//
// Error policy: every input is untrusted. Parsers never throw: a body that is not the
// documented shape yields a GraphOutcome of kind `malformed` (or an empty optional).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/http_message.hpp"
#include "connectors/wire_time.hpp"

namespace hm::connectors::graph {

struct GraphError {
  long long code = 0;
  long long subcode = 0;
  std::string type;
  std::string message;
  bool is_transient = false;
};

// {"error":{...}} → the error; nullopt when the body has no error object.
std::optional<GraphError> parse_error(std::string_view body);

// The one place Graph errors are sorted (PLATFORMS.md §5.1 and its December 2026 corrections).
// Codes that mean "this app, token or setting is wrong" are not retried: the channel stops with
// a reason in plain words until the admin fixes it and reloads, as for an expired token.
enum class ErrorClass {
  token_invalid,    // 190, 102: stop the channel, alert
  rate_limited,     // 4, 17, 32, 341, 613, 80001, 80002 (and other 8000x): back off
  object_gone,      // 100 / subcode 33: deleted, invisible, OR a missing permission (Meta sends
                    // the same): on an action, a read must confirm it is gone
  permission,       // 3 (capability), 10, 200-299 (incl. 200/2069030-33): stop the channel
  configuration,    // 100 (not 33): an invalid parameter, field or id: stop the channel
  ask_for_less,     // 1 / subcode 2853006: "reduce the amount of data": ask with smaller pages
  policy_block,     // 368: back off, no automatic retry
  transient,        // 1, 2, or is_transient
  invalid_request,  // anything else: retried as transient
};
ErrorClass classify(const GraphError& e) noexcept;
// Whether a throttling or blocking error stops only the kind of call that received it, so a
// refused hide never stops reading: 368 (temporarily blocked for policy), Instagram's 4/2207051
// ("Action is blocked") and 613 (a limit on one API call). The application, user, Page and
// account limits (4, 17, 32, 341, 8000x) stop every call of the channel.
bool limits_this_call_only(const GraphError& e) noexcept;
std::string_view to_string(ErrorClass c) noexcept;
// For the classes that stop a channel (token_invalid, permission, configuration, and object_gone
// on the channel's own account): what the admin does, in plain words. Empty for the others.
std::string_view stop_advice(ErrorClass c) noexcept;
// Whether an error on a further page of one post's comments ends only that listing for this
// poll (the post was deleted meanwhile, or a cursor is past the endpoint's limit: "(#100) The
// After Cursor specified exceeds the max limit"), rather than stopping the channel.
bool ends_listing_only(const GraphError& e) noexcept;

// Rate-limit signals from X-Business-Use-Case-Usage and X-App-Usage (and X-Page-Usage).
// `use_case`: the business use case the channel's calls count against ("pages", "instagram");
// a Business Use Case entry of another type ("messenger", "ads_management"...) is another
// budget and is ignored. Empty: every entry counts. X-App-Usage (the app's own budget, shared
// by every channel) always counts.
struct UsageSignal {
  int max_percent = 0;                      // the highest usage figure in any header
  std::optional<long long> regain_minutes;  // the largest estimated_time_to_regain_access
  bool throttled() const noexcept { return max_percent >= 100 || regain_minutes.value_or(0) > 0; }
};
UsageSignal parse_usage(std::optional<std::string_view> business_use_case_usage,
                        std::optional<std::string_view> app_usage,
                        std::optional<std::string_view> page_usage = std::nullopt,
                        std::string_view use_case = {});
UsageSignal parse_usage(const HttpResponse& response, std::string_view use_case = {});

// One comment (FB Comment or IG Comment node; either field spelling is accepted).
struct GraphComment {
  std::string id;
  std::string text;  // FB "message", IG "text"
  Time created{};    // FB "created_time", IG "timestamp"
  std::string author_id;
  std::string author_name;  // FB from.name, IG from.username / username
  std::string parent_id;    // FB parent.id, IG parent_id, or the enclosing comment for replies
  std::string permalink;
  bool hidden = false;  // FB is_hidden, IG hidden
};

struct CommentPage {
  std::vector<GraphComment> comments;  // in the order received; IG replies follow their parent
  std::string next;                    // paging.next, empty on the last page
  // IG: paging.next of each nested replies edge that has more pages (a thread's replies come
  // 25 at a time, oldest first); the caller follows them to read every reply.
  std::vector<std::string> reply_next;
};

// A post (FB) or media object (IG) with its nested first page of comments.
struct PostNode {
  std::string id;
  std::optional<Time> created;
  std::string permalink;                // FB permalink_url, IG permalink
  std::string username;                 // IG: the media owner's username (the account's own)
  std::optional<CommentPage> comments;  // absent when the node carried no "comments" edge
  long long comments_count = -1;        // IG comments_count, FB comments.summary.total_count
};

struct PostPage {
  std::vector<PostNode> posts;
  std::string next;
};

enum class OutcomeKind { ok, error, malformed };

// The whole reading of one Graph response: a value, the error object, or "not Graph JSON".
template <class T>
struct Parsed {
  OutcomeKind kind = OutcomeKind::malformed;
  T value{};
  GraphError error;
  std::string problem;  // for malformed: what was wrong (no body text, so no secrets)
};

Parsed<CommentPage> parse_comment_page(std::string_view body);
Parsed<PostPage> parse_post_page(std::string_view body);
// Action responses: {"success":true}, a map {"<id>":true} (block), or {"id":"..."} (reply).
Parsed<bool> parse_action(std::string_view body);

// One comment node read for its state (GET /{comment}?fields=id,is_hidden|hidden,...): `hidden`
// is empty when the body does not carry the field (it was not asked for, or not served).
struct CommentState {
  std::string id;
  std::optional<bool> hidden;  // FB is_hidden, IG hidden
  std::string parent_id;       // FB parent.id, IG parent_id; empty for a top-level comment
};
Parsed<CommentState> parse_comment_state(std::string_view body);
// {"data":[{"id":...},...]} (e.g. GET /{page}/blocked?user=ID) → the ids listed.
Parsed<std::vector<std::string>> parse_id_list(std::string_view body);

// Batch response: a JSON array with one {"code":N,"body":"<json string>"} per request (null for
// a request that was not run).
struct BatchItem {
  unsigned code = 0;
  std::string body;
};
Parsed<std::vector<BatchItem>> parse_batch(std::string_view body);

}  // namespace hm::connectors::graph
