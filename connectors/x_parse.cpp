#include "connectors/x_parse.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "connectors/x_field_names.hpp"

namespace hm::connectors::x {
namespace {

using nlohmann::json;

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string str(const json& j, const char* key) {
  const json* v = member(j, key);
  if (!v) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return std::to_string(v->get<long long>());
  if (v->is_number_unsigned()) return std::to_string(v->get<unsigned long long>());
  return {};
}

long long integer(const json& j, const char* key, long long fallback = 0) {
  const json* v = member(j, key);
  if (!v) return fallback;
  if (v->is_number_integer() || v->is_number_unsigned()) return v->get<long long>();
  return fallback;
}

// The member under whichever of X's two spellings the body uses (x_field_names.hpp).
const json* spelt_member(const json& j, std::string_view FieldNames::*key) {
  for (Spelling s : kBothSpellings)
    if (const json* v = member(j, std::string(names(s).*key).c_str())) return v;
  return nullptr;
}

bool is_numeric_id(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

ProblemDetails read_problem(const json& p, unsigned http_status) {
  ProblemDetails out;
  out.type = str(p, "type");
  out.title = str(p, "title");
  out.detail = str(p, "detail");
  if (out.detail.empty()) out.detail = str(p, "message");
  const long long st = integer(p, "status", http_status);
  out.status = static_cast<int>(std::clamp<long long>(st, 0, 999));
  out.legacy_code = static_cast<int>(std::clamp<long long>(integer(p, "code", 0), 0, 1'000'000));
  out.resource_id = str(p, "resource_id");
  return out;
}

// A top-level failure: problem+json, or legacy {"errors":[...]} without data.
ProblemDetails top_problem(const json& j, unsigned http_status) {
  if (const json* errors = member(j, "errors");
      errors && errors->is_array() && !errors->empty() && !member(j, "data") && !member(j, "title"))
    return read_problem(errors->front(), http_status);
  ProblemDetails p = read_problem(j, http_status);
  if (p.title.empty() && p.detail.empty()) p.title = "HTTP " + std::to_string(http_status);
  // An invalid-request problem names the parameter only in its errors[]: keep the first.
  if (const json* errors = member(j, "errors"); errors && errors->is_array() && !errors->empty())
    if (const std::string first = str(errors->front(), "message"); !first.empty())
      p.detail += (p.detail.empty() ? "" : " ") + ("(" + first + ")");
  return p;
}

std::vector<ProblemDetails> partial_errors(const json& j) {
  std::vector<ProblemDetails> out;
  if (const json* errors = member(j, "errors"); errors && errors->is_array())
    for (const json& e : *errors)
      if (e.is_object()) out.push_back(read_problem(e, 0));
  return out;
}

bool success(unsigned status) {
  return status >= 200 && status < 300;
}

}  // namespace

std::string ProblemDetails::kind() const {
  const auto pos = type.rfind("/problems/");
  if (pos == std::string::npos) return type;
  return type.substr(pos + 10);
}

ProblemClass classify(const ProblemDetails& p, unsigned http_status) noexcept {
  const std::string kind = p.kind();
  const unsigned status = http_status ? http_status : static_cast<unsigned>(p.status);
  if (kind == "usage-capped" || kind == "credits-depleted" || status == 402)
    return ProblemClass::usage_capped;
  if (status == 429 || kind == "rate-limit-exceeded" || p.legacy_code == 88)
    return ProblemClass::rate_limited;
  if (status == 401 || p.legacy_code == 89 || p.legacy_code == 32)
    return ProblemClass::unauthorized;
  if (kind == "resource-not-found" || status == 404) return ProblemClass::not_found;
  if (status == 403 || kind == "client-forbidden" || kind == "not-authorized-for-resource" ||
      kind == "disallowed-resource")
    return ProblemClass::forbidden;
  if (status >= 500) return ProblemClass::server;
  return ProblemClass::invalid_request;
}

Parsed<TweetPage> parse_tweet_page(unsigned http_status, std::string_view body) {
  Parsed<TweetPage> out;
  try {
    const json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      if (!success(http_status)) {
        out.kind = OutcomeKind::problem;
        out.problem.status = static_cast<int>(http_status);
        out.problem.title = "HTTP " + std::to_string(http_status);
        return out;
      }
      out.what = "response is not a JSON object";
      return out;
    }
    if (!success(http_status) ||
        (!member(j, "data") && !member(j, "meta") && (member(j, "title") || member(j, "errors")))) {
      out.kind = OutcomeKind::problem;
      out.problem = top_problem(j, http_status);
      return out;
    }
    TweetPage& page = out.value;
    // includes.users: id → username/name
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> users;
    if (const json* inc = member(j, "includes"))
      if (const json* us = member(*inc, "users"); us && us->is_array())
        for (const json& u : *us)
          users.push_back({str(u, "id"), {str(u, "username"), str(u, "name")}});
    auto read_tweet = [&](const json& t) -> std::optional<Tweet> {
      Tweet tw;
      tw.id = str(t, "id");
      if (!is_numeric_id(tw.id)) return std::nullopt;
      tw.text = str(t, "text");
      tw.author_id = str(t, "author_id");
      tw.conversation_id = str(t, "conversation_id");
      tw.in_reply_to_user_id = str(t, "in_reply_to_user_id");
      if (const json* c = member(t, "created_at"); c && c->is_string())
        tw.created = parse_wire_time(c->get_ref<const std::string&>());
      if (const json* refs = spelt_member(t, &FieldNames::referenced); refs && refs->is_array())
        for (const json& r : *refs)
          if (str(r, "type") == "replied_to") tw.replied_to_id = str(r, "id");
      if (const json* h = spelt_member(t, &FieldNames::edit_history); h && h->is_array())
        for (const json& e : *h)
          if (e.is_string() && is_numeric_id(e.get_ref<const std::string&>()))
            tw.edit_history.push_back(e.get<std::string>());
      for (const auto& [uid, names] : users)
        if (uid == tw.author_id) {
          tw.author_username = names.first;
          tw.author_name = names.second;
          break;
        }
      return tw;
    };
    if (const json* data = member(j, "data")) {
      if (!data->is_array()) {
        out.what = "data is not an array";
        return out;
      }
      for (const json& t : *data)
        if (auto tw = read_tweet(t)) page.tweets.push_back(std::move(*tw));
    }
    if (const json* inc = member(j, "includes"))
      if (const json* posts = spelt_member(*inc, &FieldNames::includes); posts && posts->is_array())
        for (const json& t : *posts)
          if (auto tw = read_tweet(t)) page.included.push_back(std::move(*tw));
    if (const json* meta = member(j, "meta")) {
      page.newest_id = str(*meta, "newest_id");
      if (!page.newest_id.empty() && !is_numeric_id(page.newest_id)) page.newest_id.clear();
      page.next_token = str(*meta, "next_token");
      page.result_count =
          static_cast<int>(std::clamp<long long>(integer(*meta, "result_count", 0), 0, 1 << 20));
    }
    page.partial_errors = partial_errors(j);
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    Parsed<TweetPage> bad;
    bad.what = "unexpected JSON shape";
    return bad;
  }
  return out;
}

Parsed<bool> parse_hide(unsigned http_status, std::string_view body) {
  Parsed<bool> out;
  try {
    const json j = json::parse(body, nullptr, false);
    if (!success(http_status)) {
      out.kind = OutcomeKind::problem;
      out.problem = j.is_object() ? top_problem(j, http_status) : ProblemDetails{};
      if (!j.is_object()) out.problem.status = static_cast<int>(http_status);
      return out;
    }
    const json* data = j.is_discarded() ? nullptr : member(j, "data");
    const json* hidden = data ? member(*data, "hidden") : nullptr;
    if (!hidden || !hidden->is_boolean()) {
      if (j.is_object() && member(j, "errors")) {
        out.kind = OutcomeKind::problem;
        out.problem = top_problem(j, http_status);
        return out;
      }
      out.what = "hide response without data.hidden";
      return out;
    }
    out.kind = OutcomeKind::ok;
    out.value = hidden->get<bool>();
  } catch (const json::exception&) {
    Parsed<bool> bad;
    bad.what = "unexpected JSON shape";
    return bad;
  }
  return out;
}

ProblemDetails parse_problem(unsigned http_status, std::string_view body) {
  try {
    const json j = json::parse(body, nullptr, false);
    if (j.is_object()) return top_problem(j, http_status);
  } catch (const json::exception&) {
  }
  ProblemDetails p;
  p.status = static_cast<int>(http_status);
  p.title = "HTTP " + std::to_string(http_status);
  return p;
}

TokenParsed parse_token_response(unsigned http_status, std::string_view body) {
  TokenParsed out;
  try {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object()) return out;
    if (member(j, "error") || !success(http_status)) {
      out.kind = OutcomeKind::problem;
      out.error.error = str(j, "error");
      if (out.error.error.empty()) out.error.error = "http_" + std::to_string(http_status);
      out.error.description = str(j, "error_description");
      return out;
    }
    out.grant.access_token = str(j, "access_token");
    out.grant.refresh_token = str(j, "refresh_token");
    out.grant.expires_in =
        std::clamp<long long>(integer(j, "expires_in", 0), 0, 10LL * 365 * 86400);
    out.grant.scope = str(j, "scope");
    if (out.grant.access_token.empty()) return TokenParsed{};
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    return TokenParsed{};
  }
  return out;
}

namespace {
std::optional<long long> header_number(const HttpResponse& r, std::string_view name) {
  auto v = r.header(name);
  if (!v) return std::nullopt;
  std::string_view s = *v;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty() || s.size() > 15) return std::nullopt;
  long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}
}  // namespace

RateLimit parse_rate_limit(const HttpResponse& r) {
  RateLimit rl;
  rl.limit = header_number(r, "x-rate-limit-limit");
  rl.remaining = header_number(r, "x-rate-limit-remaining");
  if (auto reset = header_number(r, "x-rate-limit-reset"))
    rl.reset = Time{std::chrono::seconds{*reset}};
  for (std::string_view who : {"user", "app"}) {
    const std::string prefix = "x-" + std::string(who) + "-limit-24hour-";
    auto remaining = header_number(r, prefix + "remaining");
    auto reset = header_number(r, prefix + "reset");
    if (remaining && *remaining == 0 && reset) {
      const Time until{std::chrono::seconds{*reset}};
      if (!rl.cap_spent_until || until > *rl.cap_spent_until) rl.cap_spent_until = until;
    }
  }
  return rl;
}

std::chrono::seconds clock_skew(const HttpResponse& r, Time now) {
  if (const auto header = r.header("date"))
    if (const auto date = parse_http_date(*header)) return now - *date;
  return std::chrono::seconds{0};
}

std::optional<RateLimitWait> rate_limit_wait(const HttpResponse& r, Time now,
                                             std::chrono::seconds unknown_wait) {
  const RateLimit rl = parse_rate_limit(r);
  // X's times onto the local clock: the same distance from `now` as from X's own Date.
  const std::chrono::seconds skew = clock_skew(r, now);
  if (rl.cap_spent_until) return RateLimitWait{*rl.cap_spent_until + skew, true};
  if (rl.remaining && *rl.remaining == 0 && rl.reset) return RateLimitWait{*rl.reset + skew, false};
  if (r.status == 429) return RateLimitWait{now + unknown_wait, true};
  return std::nullopt;
}

bool id_less(std::string_view a, std::string_view b) noexcept {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

}  // namespace hm::connectors::x
