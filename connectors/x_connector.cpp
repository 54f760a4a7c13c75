#include "connectors/x_connector.hpp"

#include <nlohmann/json.hpp>

#include "connectors/url_tools.hpp"
#include "connectors/x_poll_pace.hpp"

namespace hm::connectors {

namespace asio = boost::asio;
using moderation::ActionKind;

namespace {

// The rate-limit routes (X limits each endpoint separately).
constexpr std::string_view kMentionsRoute = "GET /2/users/:id/mentions";
constexpr std::string_view kHideRoute = "PUT /2/tweets/:id/hidden";
constexpr std::string_view kLookupRoute = "GET /2/tweets";
constexpr std::string_view kModerateScope = "tweet.moderate.write";

// Why X cannot do an action through this API; std::nullopt for hide and unhide.
std::optional<std::string_view> why_not_supported(ActionKind kind) {
  switch (kind) {
    case ActionKind::hide:
    case ActionKind::unhide:
      return std::nullopt;
    case ActionKind::delete_comment:
      return "X lets an account delete only its own posts, not others' replies";
    case ActionKind::block:
      return "X's block endpoint is Enterprise-only; not available to this account";
    case ActionKind::reply:
      return "X allows self-serve API replies only when the account was summoned";
    case ActionKind::escalate:
      return kEscalateIsInternal;
  }
  return "unknown action";
}

// Why a 403 on a hide is a permission problem for the admin, or nullopt when it may just be a
// reply outside the account's conversations. X's 403 for a missing scope names the scope in
// some answers and is a bare "Forbidden" in others: in the account's own conversation, the scope
// is the likely cause either way.
std::optional<std::string> forbidden_hide_reason(const x::ProblemDetails& p,
                                                 std::optional<bool> own_conversation) {
  const std::string fix =
      "Re-authorise the X app with the tweet.read, users.read, " + std::string(kModerateScope) +
      " and offline.access scopes, replace the channel's credentials file, then reload.";
  if ((p.detail + " " + p.title).find("scope") != std::string::npos)
    return "The token lacks a scope X requires (" + std::string(kModerateScope) +
           " to hide replies). " + fix;
  if (own_conversation == true)
    return "X refused to hide a reply in a conversation the account started: the token most "
           "likely lacks the " +
           std::string(kModerateScope) + " scope. " + fix;
  return std::nullopt;
}

}  // namespace

XConnector::XConnector(asio::any_io_executor executor, ChannelSettings channel,
                       XCredentials credentials, std::shared_ptr<TokenStore> tokens,
                       ConnectorOptions options, std::string token_url)
    : session_(std::move(executor), std::move(channel), std::move(credentials), std::move(tokens),
               std::move(options), std::move(token_url)) {
  if (auto s = x::parse_spelling(session_.options().x_field_names)) spelling_ = *s;
}

moderation::Capabilities XConnector::capabilities() const {
  return moderation::capabilities(moderation::Platform::x);
}

std::string XConnector::encode_cursor(const std::string& since_id) {
  if (since_id.empty()) return {};
  return nlohmann::json{{"v", 1}, {"since_id", since_id}}.dump();
}

std::string XConnector::decode_cursor(std::string_view cursor) {
  const auto j = nlohmann::json::parse(cursor, nullptr, false);
  if (!j.is_object()) return {};
  auto it = j.find("since_id");
  if (it == j.end() || !it->is_string()) return {};
  const std::string id = it->get<std::string>();
  if (id.empty() || id.size() > 19 ||
      !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  return id;
}

HttpRequest XConnector::mentions_request(const std::string& since_id,
                                         const std::string& next_token) const {
  HttpRequest req;
  const x::FieldNames& n = x::names(spelling_);
  req.url =
      endpoint(session_.channel().api_base, {"users", session_.channel().account_id, "mentions"},
               {{"max_results", std::to_string(kMaxResults)},
                {std::string(n.fields_param), std::string(n.mentions_fields)},
                {"expansions", std::string(n.mentions_expansions)},
                {"user.fields", "username,name"}});
  if (!since_id.empty()) req.url.params().append({"since_id", since_id});
  if (!next_token.empty()) req.url.params().append({"pagination_token", next_token});
  return req;
}

HttpRequest XConnector::starters_request(const std::vector<std::string>& ids) const {
  std::string list;
  for (std::size_t i = 0; i < ids.size() && i < 100; ++i) list += (i ? "," : "") + ids[i];
  HttpRequest req;
  // The author comes with the author_id expansion in both spellings.
  req.url = endpoint(session_.channel().api_base, {"tweets"},
                     {{"ids", list},
                      {std::string(x::names(spelling_).fields_param), "conversation_id"},
                      {"expansions", "author_id"}});
  return req;
}

asio::awaitable<void> XConnector::learn_starters(const std::vector<x::Tweet>& mentions,
                                                 int& calls) {
  const auto unknown = starters_.unknown(mentions);
  if (unknown.empty() || session_.blocked_until(kLookupRoute)) co_return;
  auto sent = co_await session_.send(starters_request(unknown), kLookupRoute, calls);
  if (!sent.response) co_return;  // unknown stays unknown: the hide is attempted
  const auto parsed = x::parse_tweet_page(sent.response->status, sent.response->body);
  if (parsed.kind != x::OutcomeKind::ok) co_return;
  for (const x::Tweet& root : parsed.value.tweets) {
    x::TweetPage as_root;
    as_root.tweets.push_back(root);
    as_root.tweets.back().conversation_id = root.id;  // looked up by its conversation id
    starters_.learn(as_root);
  }
}

asio::awaitable<FetchResult> XConnector::fetch(const Cursor& cursor) {
  const ConnectorOptions& options = session_.options();
  FetchResult result;
  if (auto blocked = session_.blocked_until(kMentionsRoute))
    co_return refused_fetch(*blocked, "X channel " + session_.channel().channel_id +
                                          ": waiting for the rate limit to reset");
  const std::string since_id = decode_cursor(cursor);
  std::string newest = since_id;
  std::string next_token;
  std::vector<std::string> partial;
  std::vector<x::Tweet> mentions;  // the new posts of others, for their conversations' starters
  std::optional<Time> paced;
  auto fail = [&](FetchStatus status, std::string message, std::optional<Time> retry_at) {
    FetchResult f;
    f.status = status;
    f.message = session_.redact(std::move(message));
    f.retry_at = retry_at;
    f.api_calls = result.api_calls;
    return f;
  };
  for (int page = 0; page < options.max_pages_per_poll; ++page) {
    auto sent = co_await session_.send(mentions_request(since_id, next_token), kMentionsRoute,
                                       result.api_calls);
    if (sent.token_failure) {
      if (sent.token_failure->token_invalid)
        co_return fail(FetchStatus::token_invalid, sent.token_failure->message, std::nullopt);
      co_return fail(FetchStatus::transient_error, sent.token_failure->message,
                     session_.now() + options.transient_retry);
    }
    if (!sent.response)
      co_return fail(FetchStatus::transient_error, sent.network_error,
                     session_.now() + options.transient_retry);
    const HttpResponse& r = *sent.response;
    auto parsed = x::parse_tweet_page(r.status, r.body);
    if (parsed.kind != x::OutcomeKind::ok) {
      const x::ProblemDetails& p = parsed.problem;
      const std::string what =
          "X channel " + session_.channel().channel_id + ": " +
          (parsed.kind == x::OutcomeKind::malformed
               ? "unreadable response (HTTP " + std::to_string(r.status) + ", " + parsed.what + ")"
               : "HTTP " + std::to_string(r.status) + " " + p.title +
                     (p.detail.empty() ? "" : ": " + p.detail));
      if (parsed.kind == x::OutcomeKind::malformed)
        co_return fail(FetchStatus::transient_error, what,
                       session_.now() + options.transient_retry);
      switch (x::classify(p, r.status)) {
        case x::ProblemClass::unauthorized:
          co_return fail(FetchStatus::token_invalid,
                         what +
                             ". The access token was refused even after a refresh: "
                             "re-authorise the channel.",
                         std::nullopt);
        case x::ProblemClass::rate_limited:
        case x::ProblemClass::usage_capped:
          // The session has blocked what the headers said; a usage cap, or a limit they did not
          // place, blocks every route.
          if (x::classify(p, r.status) == x::ProblemClass::usage_capped)
            session_.block_every_route(std::chrono::minutes{60});
          else if (!session_.blocked_until(kMentionsRoute))
            session_.block_every_route(options.default_rate_limit_wait);
          co_return fail(FetchStatus::rate_limited, what, session_.blocked_until(kMentionsRoute));
        case x::ProblemClass::forbidden:
          co_return fail(FetchStatus::token_invalid,
                         what +
                             ". The app or token lacks access to this endpoint (the mentions read "
                             "needs the tweet.read and users.read scopes).",
                         std::nullopt);
        case x::ProblemClass::invalid_request:
        case x::ProblemClass::not_found:
          // Sending the same read again gets the same answer: a configuration problem (an
          // account_id that is not the account's numeric id, a field name X no longer accepts,
          // named in the answer) that only the admin can fix. Stop with the reason, as a
          // refused token does, instead of retrying every poll with no one told.
          co_return fail(FetchStatus::token_invalid,
                         what +
                             ". X refused the mentions read itself: check the channel's "
                             "account_id (the account's numeric user id) and the answer above, "
                             "then reload.",
                         std::nullopt);
        default:
          co_return fail(FetchStatus::transient_error, what,
                         session_.now() + options.transient_retry);
      }
    }
    paced = x::paced_next_call(r, session_.now());
    starters_.learn(parsed.value);
    for (const auto& p : parsed.value.partial_errors)
      partial.push_back(p.title + (p.resource_id.empty() ? "" : " (" + p.resource_id + ")"));
    for (const auto& t : parsed.value.tweets) {
      if (!since_id.empty() && !x::id_less(since_id, t.id)) continue;  // not newer than cursor
      if (newest.empty() || x::id_less(newest, t.id)) newest = t.id;
      if (t.author_id == session_.channel().account_id) continue;  // the school's own posts
      mentions.push_back(t);
      moderation::Comment c;
      c.platform = moderation::Platform::x;
      c.channel_id = session_.channel().channel_id;
      const bool edited = t.edit_history.size() > 1;
      c.platform_comment_id = edited ? t.edit_history.front() : t.id;
      c.parent_platform_id = t.replied_to_id;
      c.author_id = t.author_id;
      c.author_name = t.author_username.empty() ? t.author_name : t.author_username;
      c.text = t.text;
      c.permalink = "https://x.com/" +
                    (t.author_username.empty() ? std::string("i/web") : t.author_username) +
                    "/status/" + t.id;
      c.created_at = t.created.value_or(session_.now());
      if (edited) c.edited_at = c.created_at;
      result.comments.push_back(std::move(c));
    }
    if (!parsed.value.newest_id.empty() && x::id_less(newest, parsed.value.newest_id) &&
        (since_id.empty() || x::id_less(since_id, parsed.value.newest_id)))
      newest = parsed.value.newest_id;
    next_token = parsed.value.next_token;
    if (next_token.empty()) break;
  }
  co_await learn_starters(mentions, result.api_calls);
  for (const x::Tweet& t : mentions) {
    const auto starter = starters_.starter(t.conversation_id);
    if (!starter) continue;
    const bool own = *starter == session_.channel().account_id;
    starters_.mark(t.id, own);  // every id a hide may name: the original and each edit
    for (const auto& id : t.edit_history) starters_.mark(id, own);
  }
  result.retry_at = paced;  // the plan's window, when it, not the interval, decides
  if (!partial.empty()) {
    result.message = "X channel " + session_.channel().channel_id + ": partial errors: ";
    for (std::size_t i = 0; i < partial.size() && i < 10; ++i)
      result.message += (i ? "; " : "") + partial[i];
  }
  result.next_cursor = newest.empty() ? cursor : encode_cursor(newest);
  co_return result;
}

asio::awaitable<ActionResult> XConnector::apply(const moderation::PlatformAction& action) {
  const ConnectorOptions& options = session_.options();
  ActionResult out;
  if (auto why = why_not_supported(action.kind)) {
    out.outcome = ActionOutcome::not_supported;
    out.reason = *why;
    co_return out;
  }
  const bool hide = action.kind == ActionKind::hide;
  const std::optional<bool> own = starters_.in_own_conversation(action.comment_id);
  if (own == false) {
    out.outcome = ActionOutcome::not_supported;
    out.reason = std::string("not ") + (hide ? "hidden" : "unhidden") +
                 ": X lets an account hide replies only in conversations it started, and this "
                 "post is in a conversation another account started (report it on X if it must "
                 "come down)";
    co_return out;
  }
  if (auto blocked = session_.blocked_until(kHideRoute))
    co_return refused_action(*blocked, "waiting for the X rate limit to reset");
  HttpRequest req;
  req.method = "PUT";
  req.url = endpoint(session_.channel().api_base, {"tweets", action.comment_id, "hidden"});
  req.content_type = "application/json";
  req.body = hide ? R"({"hidden":true})" : R"({"hidden":false})";
  int calls = 0;
  auto sent = co_await session_.send(std::move(req), kHideRoute, calls);
  const std::string name = std::string(to_string(action.kind)) + " of reply " + action.comment_id;
  if (sent.token_failure) {
    out.outcome = sent.token_failure->token_invalid ? ActionOutcome::token_invalid
                                                    : ActionOutcome::retryable_failure;
    if (out.outcome != ActionOutcome::token_invalid)
      out.retry_at = session_.now() + options.transient_retry;
    out.reason = sent.token_failure->message;
    co_return out;
  }
  if (!sent.response) {
    out.outcome = ActionOutcome::retryable_failure;
    out.retry_at = session_.now() + options.transient_retry;
    out.reason = sent.network_error;
    out.outcome_unknown = sent.maybe_sent;  // it may have been done before the answer was lost
    co_return out;
  }
  const HttpResponse& r = *sent.response;
  const auto parsed = x::parse_hide(r.status, r.body);
  if (parsed.kind == x::OutcomeKind::ok) {
    if (parsed.value == hide) {
      out.outcome = ActionOutcome::done;
      out.reason = "X confirmed the " + name;
    } else {
      out.outcome = ActionOutcome::retryable_failure;
      out.retry_at = session_.now() + options.transient_retry;
      out.reason =
          "X answered hidden=" + std::string(parsed.value ? "true" : "false") + " to the " + name;
    }
    co_return out;
  }
  if (parsed.kind == x::OutcomeKind::malformed) {  // served, perhaps done, answer unreadable
    out.outcome = ActionOutcome::retryable_failure;
    out.outcome_unknown = true;
    out.retry_at = session_.now() + options.transient_retry;
    out.reason = "X sent an unreadable answer (HTTP " + std::to_string(r.status) + ", " +
                 parsed.what + ") to the " + name;
    co_return out;
  }
  const x::ProblemDetails& p = parsed.problem;
  const std::string what = "HTTP " + std::to_string(r.status) + " " + p.title +
                           (p.detail.empty() ? "" : ": " + p.detail) + " on the " + name;
  switch (x::classify(p, r.status)) {
    case x::ProblemClass::not_found:
      out.outcome = ActionOutcome::already_gone;
      out.reason = session_.redact("the reply no longer exists (" + what + ")");
      break;
    case x::ProblemClass::unauthorized:
      out.outcome = ActionOutcome::token_invalid;
      out.reason = session_.redact(what + "; the channel must be re-authorised");
      break;
    case x::ProblemClass::rate_limited:
    case x::ProblemClass::usage_capped:
      // As in fetch: a spent hide window blocks hiding only, so replies are still read.
      if (x::classify(p, r.status) == x::ProblemClass::usage_capped)
        session_.block_every_route(std::chrono::minutes{60});
      else if (!session_.blocked_until(kHideRoute))
        session_.block_every_route(options.default_rate_limit_wait);
      out.outcome = ActionOutcome::retryable_failure;
      out.retry_at = session_.blocked_until(kHideRoute);
      out.reason = session_.redact(what);
      break;
    case x::ProblemClass::server:  // a 5xx does not say whether the change was made
      out.outcome = ActionOutcome::retryable_failure;
      out.outcome_unknown = true;
      out.retry_at = session_.now() + options.transient_retry;
      out.reason = session_.redact(what);
      break;
    case x::ProblemClass::forbidden:
      if (const auto why = forbidden_hide_reason(p, own)) {
        // A permission problem: stop the channel with the reason, as for a refused token.
        out.outcome = ActionOutcome::token_invalid;
        out.reason = session_.redact(what + ". " + *why);
      } else {
        out.outcome = ActionOutcome::permanent_failure;
        out.reason =
            session_.redact(what +
                            " (X hides only replies in conversations the account started; if this "
                            "one is, the token lacks the " +
                            std::string(kModerateScope) + " scope)");
      }
      break;
    default:
      out.outcome = ActionOutcome::permanent_failure;
      out.reason = session_.redact(what);
      break;
  }
  co_return out;
}

asio::awaitable<StateRead> XConnector::current_state(const moderation::PlatformAction& action) {
  StateRead out;
  out.observed.read = moderation::ObservedComment::Read::no_read;
  out.message = "X has no read of whether reply " + action.comment_id + " is hidden";
  co_return out;
}

}  // namespace hm::connectors
