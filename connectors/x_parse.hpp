// Sans-io parsers for X API v2 responses: reply/mention timelines with includes.users and meta
// paging, partial errors[], problem+json and legacy errors, hide-reply results, OAuth 2.0 token
// responses and the x-rate-limit-* headers (PLATFORMS.md §1.3, §2.4, §3.3, §4.3, §5.2).
//
// Error policy: every input is untrusted. Parsers never throw; a body that is not the
// documented shape is reported as `malformed`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/http_message.hpp"
#include "connectors/wire_time.hpp"

namespace hm::connectors::x {

// An RFC 7807 "problem details" object, top-level or one entry of a partial errors[], or a
// legacy {"errors":[{"message","code"}]} entry. (Not a filters::Problem, which is a problem in a
// file an admin edits.)
struct ProblemDetails {
  std::string type;  // e.g. "https://api.x.com/2/problems/resource-not-found"
  std::string title;
  std::string detail;
  int status = 0;
  int legacy_code = 0;
  std::string resource_id;
  // The suffix after ".../problems/", or "about:blank"/"" as given.
  std::string kind() const;
};

enum class ProblemClass {
  unauthorized,     // 401, legacy 89: refresh the token, then stop the channel
  rate_limited,     // 429 / rate-limit-exceeded
  usage_capped,     // usage-capped, 402 credits depleted: back off for long
  forbidden,        // 403 / client-forbidden / not-authorized-for-resource
  not_found,        // 404 / resource-not-found
  invalid_request,  // 400 and the rest
  server,           // 5xx
};
ProblemClass classify(const ProblemDetails& p, unsigned http_status) noexcept;

struct Tweet {
  std::string id;
  std::string text;
  std::string author_id;
  std::string author_username;
  std::string author_name;
  std::string conversation_id;
  std::string in_reply_to_user_id;
  std::string replied_to_id;  // referenced_tweets (or _posts) [type=replied_to].id
  std::optional<Time> created;
  std::vector<std::string> edit_history;  // oldest first; size > 1 means edited
};
// (Each Post key X has spelt two ways is read in both: connectors/x_field_names.hpp.)

struct TweetPage {
  std::vector<Tweet> tweets;
  std::string newest_id;
  std::string next_token;
  int result_count = 0;
  std::vector<ProblemDetails> partial_errors;  // errors[] next to data
  std::vector<Tweet> included;                 // includes.tweets (or includes.posts)
};

enum class OutcomeKind { ok, problem, malformed };

template <class T>
struct Parsed {
  OutcomeKind kind = OutcomeKind::malformed;
  T value{};
  ProblemDetails problem;
  std::string what;  // for malformed
};

// Any response body of the API (2xx or not).
Parsed<TweetPage> parse_tweet_page(unsigned http_status, std::string_view body);
// PUT /2/tweets/:id/hidden → {"data":{"hidden":bool}}; value is the reported hidden state.
Parsed<bool> parse_hide(unsigned http_status, std::string_view body);
// A non-2xx body, or nullopt-equivalent (kind ok) when the status is 2xx.
ProblemDetails parse_problem(unsigned http_status, std::string_view body);

struct TokenGrant {
  std::string access_token;
  std::string refresh_token;  // empty when the server did not rotate it
  long long expires_in = 0;   // seconds
  std::string scope;
};
struct TokenError {
  std::string error;  // invalid_request, invalid_grant, invalid_client, ...
  std::string description;
};
struct TokenParsed {
  OutcomeKind kind = OutcomeKind::malformed;
  TokenGrant grant;
  TokenError error;
};
TokenParsed parse_token_response(unsigned http_status, std::string_view body);

struct RateLimit {
  std::optional<long long> limit;
  std::optional<long long> remaining;
  std::optional<Time> reset;  // x-rate-limit-reset, Unix seconds
  // The 24-hour caps some endpoints also report (x-user-limit-24hour-*, x-app-limit-24hour-*):
  // when one is spent, until when (the later of the two).
  std::optional<Time> cap_spent_until;
};
RateLimit parse_rate_limit(const HttpResponse& response);
// The local clock minus X's, from the answer's `Date` header (0 without one): add it to X's
// times (the resets) to place them on the local clock.
std::chrono::seconds clock_skew(const HttpResponse& response, Time now);

// What an answer tells the connector to wait for. X limits each endpoint in its own 15-minute
// window, per user, and every answer, a 429 included, carries that endpoint's x-rate-limit-*
// headers: a spent window (remaining 0 with a reset) blocks only the endpoint that answered,
// so a spent hide budget never stops reading replies. A spent 24-hour user or app cap, or a
// 429 whose headers do not say which window is spent, blocks every endpoint of the channel.
// The resets are X's clock; with a `Date` header (X's clock when it answered) the wait is
// reset - Date, counted from the local `now`, so a local clock that runs fast or slow against
// X's neither resends into a spent window nor waits past its reset. Without one, the resets
// are taken as local times.
struct RateLimitWait {
  Time until{};
  bool every_route = false;
};
std::optional<RateLimitWait> rate_limit_wait(const HttpResponse& response, Time now,
                                             std::chrono::seconds unknown_wait);

// Numeric id order (ids are decimal strings up to 19 digits): a < b.
bool id_less(std::string_view a, std::string_view b) noexcept;

}  // namespace hm::connectors::x
