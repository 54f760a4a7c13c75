#include "console/console_api.hpp"

#include <sodium.h>

#include <boost/url/parse.hpp>

#include <iostream>

#include "console/console_impl.hpp"
#include "moderation/decision.hpp"

namespace hm::console {

namespace {

constexpr std::string_view kCookie = "hm_session";

std::optional<std::string> cookie_value(const HttpRequest& request, std::string_view name) {
  auto it = request.find(http::field::cookie);
  if (it == request.end()) return std::nullopt;
  std::string_view all = it->value();
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view pair = all.substr(0, semi);
    all = semi == std::string_view::npos ? std::string_view{} : all.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::optional<std::string> bearer_token(const HttpRequest& request) {
  auto it = request.find(http::field::authorization);
  if (it == request.end()) return std::nullopt;
  std::string_view v = it->value();
  constexpr std::string_view prefix = "Bearer ";
  if (v.size() <= prefix.size() || v.substr(0, prefix.size()) != prefix) return std::nullopt;
  return std::string(v.substr(prefix.size()));
}

bool changes_state(http::verb v) {
  return v != http::verb::get && v != http::verb::head;
}

std::string session_cookie(std::string_view token, bool secure, std::int64_t max_age) {
  std::string c = std::string(kCookie) + "=" + std::string(token) +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

ConsoleApi::ConsoleApi(store::Store& store, std::vector<SchoolInfo> schools, ConsoleHooks hooks,
                       ConsoleOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(schools), std::move(hooks),
                                   std::move(options))) {}

ConsoleApi::~ConsoleApi() = default;

ConsoleApi::SignInCounts ConsoleApi::sign_in_counts() const {
  return impl_->sign_ins;
}

void ConsoleApi::set_schools(std::vector<SchoolInfo> schools) {
  impl_->schools = std::move(schools);
}

namespace {

// A write that finds the disk full was rolled back: the request can simply be sent again.
HttpResponse disk_full(const HttpRequest& request, const store::StorageFull& e) {
  std::cerr << "<3>console: " << request.method_string() << " refused: " << e.what() << "\n";
  return error_response(request, http::status::insufficient_storage, std::string(kDiskFull));
}

}  // namespace

Reply ConsoleApi::start(const HttpRequest& request, const Caller& caller, moderation::Time now) {
  Reply reply;
  try {
    reply = impl_->handle(request, caller, now);
  } catch (const store::StorageFull& e) {
    return disk_full(request, e);
  }
  if (auto* slow = std::get_if<SlowWork>(&reply)) {
    // finish() writes through the store too. The request outlives the reply: the listener
    // keeps it until the answer is written.
    slow->finish = [finish = std::move(slow->finish), &request] {
      try {
        return finish();
      } catch (const store::StorageFull& e) {
        return disk_full(request, e);
      }
    };
  }
  return reply;
}

HttpResponse ConsoleApi::handle(const HttpRequest& request, const Caller& caller,
                                moderation::Time now) {
  return run_inline(start(request, caller, now));
}

Reply ConsoleApi::Impl::handle(const HttpRequest& request, const Caller& caller,
                               moderation::Time now) {
  auto parsed = boost::urls::parse_origin_form(request.target());
  if (!parsed)
    return error_response(request, http::status::bad_request, "malformed request target");
  std::vector<std::string> segments;
  for (auto seg : parsed->segments()) segments.push_back(seg);
  if (segments.size() < 2 || segments[0] != "api" || segments[1] != "v1")
    return error_response(request, http::status::not_found, "no such API endpoint");
  segments.erase(segments.begin(), segments.begin() + 2);

  if (segments == std::vector<std::string>{"session"} && request.method() == http::verb::post)
    return login(request, caller, now);

  std::optional<store::User> user;
  bool by_cookie = false;
  std::string session_token;
  if (auto token = bearer_token(request)) {
    user = accounts.token_user(*token, now);
  } else if (auto cookie = cookie_value(request, kCookie)) {
    user = accounts.session_user(*cookie, now);
    by_cookie = true;
    session_token = *cookie;
  }
  if (!user)
    return error_response(request, http::status::unauthorized,
                          "not signed in, or the session has expired");
  if (by_cookie && changes_state(request.method())) {
    auto it = request.find("X-CSRF-Token");
    if (it == request.end() ||
        !store::csrf_matches(session_token,
                             std::string_view(it->value().data(), it->value().size())))
      return error_response(request, http::status::unauthorized,
                            "missing or wrong X-CSRF-Token header for this session");
  }
  Call call{request, caller, now, std::move(segments), *parsed, std::move(*user), ""};
  call.actor = "user:" + call.user.name;
  // A role that needs a second factor (admin and safeguarding by default) gets nothing from a
  // browser session until one is set up. API tokens are made by an admin for scripts and are
  // not held back.
  if (by_cookie && accounts.must_set_up_second_factor(call.user) &&
      !allowed_before_second_factor(call))
    return json_response(request, http::status::forbidden,
                         Json{{"error",
                               "set up two-step sign-in first: your role needs a code from an "
                               "authenticator app as well as your password"},
                              {"second_factor", "set_up"}});
  return route(call);
}

Reply ConsoleApi::Impl::route(Call& call) {
  const auto& p = call.path;
  const auto m = call.request.method();
  const auto& req = call.request;
  auto bad_method = [&] {
    return error_response(req, http::status::method_not_allowed, "method not allowed here");
  };
  auto id_at = [&](std::size_t i) { return i < p.size() ? parse_id(p[i]) : std::nullopt; };

  if (p.empty()) return error_response(req, http::status::not_found, "no such API endpoint");
  const std::string& head = p[0];
  if (head == "session" && p.size() == 1) {
    if (m == http::verb::get) return session_info(call);
    if (m == http::verb::delete_) return logout(call);
    return bad_method();
  }
  if (head == "me" && p.size() >= 2 && p[1] == "second-factor") return second_factor(call);
  if (head == "actions") {
    if (p.size() == 1) return m == http::verb::get ? list_actions(call) : bad_method();
    if (p.size() == 2 && p[1] == "bulk")
      return m == http::verb::post ? decide_bulk(call) : bad_method();
    auto id = id_at(1);
    if (!id) return error_response(req, http::status::not_found, "no such action");
    if (p.size() == 2) return m == http::verb::get ? get_action(call, *id) : bad_method();
    if (p.size() == 3 && moderation::parse_moderator_decision(p[2]))
      return m == http::verb::post ? decide(call, *id, p[2]) : bad_method();
    if (p.size() == 3 && p[2] == "undo")
      return m == http::verb::post ? undo(call, *id) : bad_method();
  }
  if (head == "items") {
    if (p.size() == 1) return m == http::verb::get ? list_items(call) : bad_method();
    if (p.size() == 2 && p[1] == "summary")
      return m == http::verb::get ? items_summary(call) : bad_method();
    if (p.size() == 2 && p[1] == "bulk")
      return m == http::verb::post ? bulk_items(call) : bad_method();
    auto id = id_at(1);
    if (!id) return error_response(req, http::status::not_found, "no such item");
    if (p.size() == 2) return m == http::verb::get ? get_item(call, *id) : bad_method();
    if (p.size() == 3 && p[2] == "decide")
      return m == http::verb::post ? decide_item(call, *id) : bad_method();
  }
  if (head == "comments" && p.size() == 2) {
    auto id = id_at(1);
    if (!id) return error_response(req, http::status::not_found, "no such comment");
    return m == http::verb::get ? get_comment(call, *id) : bad_method();
  }
  if (head == "authors" && p.size() == 1)
    return m == http::verb::get ? get_author(call) : bad_method();
  if (head == "today" && p.size() == 1) return m == http::verb::get ? today(call) : bad_method();
  if (head == "rules" && p.size() == 2 && p[1] == "stats")
    return m == http::verb::get ? rule_stats(call) : bad_method();
  if (head == "authors" && p.size() == 2 && p[1] == "forgive")
    return m == http::verb::post ? forgive_strike(call) : bad_method();
  if (head == "authors" && p.size() == 2 && p[1] == "block")
    return m == http::verb::post ? propose_block(call) : bad_method();
  if (head == "audit" && p.size() == 1) return m == http::verb::get ? audit(call) : bad_method();
  if (head == "evidence" && p.size() == 1)
    return m == http::verb::get ? evidence(call) : bad_method();
  if (head == "filters" && p.size() == 2 && p[1] == "test")
    return m == http::verb::post ? test_filters(call) : bad_method();
  if (head == "filters" && p.size() == 2 && p[1] == "backtest")
    return m == http::verb::post ? backtest(call) : bad_method();
  if (head == "exceptions") {
    if (p.size() == 1) {
      if (m == http::verb::get) return list_exceptions(call);
      if (m == http::verb::post) return add_exception(call);
      return bad_method();
    }
    auto id = id_at(1);
    if (p.size() == 2 && id)
      return m == http::verb::delete_ ? remove_exception(call, *id) : bad_method();
    return error_response(req, http::status::not_found, "no such exception");
  }
  if (head == "users") {
    if (p.size() == 1) {
      if (m == http::verb::get) return list_users(call);
      if (m == http::verb::post) return add_user(call);
      return bad_method();
    }
    if (p.size() == 2) {
      if (m == http::verb::delete_) return remove_user(call, p[1]);
      if (m == http::verb::patch) return update_user(call, p[1]);
      return bad_method();
    }
    if (p.size() == 3 && p[2] == "password")
      return m == http::verb::post ? set_password(call, p[1]) : bad_method();
  }
  if (head == "tokens") {
    if (p.size() == 1) {
      if (m == http::verb::get) return list_tokens(call);
      if (m == http::verb::post) return create_token(call);
      return bad_method();
    }
    auto id = id_at(1);
    if (p.size() == 2 && id)
      return m == http::verb::delete_ ? revoke_token(call, *id) : bad_method();
    return error_response(req, http::status::not_found, "no such token");
  }
  return error_response(req, http::status::not_found, "no such API endpoint");
}

Reply ConsoleApi::Impl::login(const HttpRequest& request, const Caller& caller,
                              moderation::Time now) {
  Call call{request, caller, now, {}, {}, {}, ""};
  auto body = parse_body(call);
  if (auto* r = std::get_if<HttpResponse>(&body)) return std::move(*r);
  const Json& b = std::get<Json>(body);
  std::string problem;
  auto name = string_field(b, "username", problem);
  auto password = string_field(b, "password", problem);
  auto code = string_field(b, "code", problem);  // the second factor, when the user has one
  if (!problem.empty()) return error_response(request, http::status::bad_request, problem);
  if (!name || !password)
    return error_response(request, http::status::bad_request,
                          "send {\"username\": \"...\", \"password\": \"...\"}");
  auto attempt = accounts.begin_login(*name, caller.address, now);
  if (!attempt) return login_refused(request, attempt.error());
  // The Argon2 check runs on a worker (SlowWork); the session is made back on the io thread.
  struct Shared {
    store::LoginAttempt attempt;
    std::string password;
    std::string code;
    store::PasswordCheck check;
    ~Shared() { sodium_memzero(password.data(), password.size()); }
  };
  auto shared = std::make_shared<Shared>(
      Shared{std::move(*attempt), std::move(*password), code.value_or(""), {}});
  return SlowWork{
      [shared] {
        shared->check = store::Accounts::check_password(shared->attempt, shared->password);
      },
      [this, shared, &request, now] {
        auto result = accounts.finish_login(shared->attempt, shared->check, shared->code, now);
        if (!result) return login_refused(request, result.error());
        ++sign_ins.signed_in;
        const auto& session = *result;
        Json out = {{"csrf", session.csrf}, {"user", user_json(session.user)}};
        auto r = json_response(request, http::status::ok, out);
        r.set(http::field::set_cookie, session_cookie(session.token, options.secure_cookies,
                                                      (session.expires_at - now).count()));
        return r;
      }};
}

HttpResponse ConsoleApi::Impl::login_refused(const HttpRequest& request,
                                             const store::LoginRefused& refused) {
  using Why = store::LoginRefused::Why;
  // The sign-in form shows its code box when it sees "second_factor": "code".
  const auto ask_for_code = [&] {
    return json_response(request, http::status::unauthorized,
                         Json{{"error", refused.message}, {"second_factor", "code"}});
  };
  switch (refused.why) {
    case Why::throttled: {
      ++sign_ins.throttled;
      auto r = error_response(request, http::status::too_many_requests, refused.message);
      r.set(http::field::retry_after, std::to_string(refused.retry_after.count()));
      return r;
    }
    case Why::second_factor_needed:
      ++sign_ins.code_asked;
      return ask_for_code();
    case Why::bad_second_factor:
      ++sign_ins.wrong_code;
      return ask_for_code();
    case Why::bad_credentials:
      break;
  }
  ++sign_ins.wrong_password;
  return error_response(request, http::status::unauthorized, refused.message);
}

HttpResponse ConsoleApi::Impl::session_info(Call& call) {
  Json csrf = nullptr;
  if (!bearer_token(call.request))
    if (auto cookie = cookie_value(call.request, kCookie)) csrf = store::csrf_for(*cookie);
  Json out = {{"csrf", csrf},
              {"user", user_json(call.user)},
              {"schools", visible_schools_json(call.user)},
              {"second_factor_set_up_required", accounts.must_set_up_second_factor(call.user)}};
  return json_response(call.request, http::status::ok, out);
}

HttpResponse ConsoleApi::Impl::logout(Call& call) {
  if (auto cookie = cookie_value(call.request, kCookie)) accounts.logout(*cookie, call.now);
  auto r = no_content(call.request);
  r.set(http::field::set_cookie, session_cookie("", options.secure_cookies, 0));
  return r;
}

Json ConsoleApi::Impl::user_json(const store::User& user) const {
  Json roles = Json::array();
  for (const auto& g : user.grants)
    roles.push_back({{"role", store::to_string(g.role)}, {"school", g.school}});
  return {{"name", user.name},
          {"roles", std::move(roles)},
          {"email", user.email.empty() ? Json(nullptr) : Json(user.email)},
          {"digest", user.digest},
          {"second_factor", user.second_factor}};
}

Json ConsoleApi::Impl::visible_schools_json(const store::User& user) const {
  Json out = Json::array();
  for (const auto& s : schools) {
    if (!permits(user, Permission::read, s.id)) continue;
    Json channels = Json::array();
    for (const auto& c : s.channels) channels.push_back({{"id", c.id}, {"platform", c.platform}});
    out.push_back({{"id", s.id},
                   {"name", s.name},
                   {"channels", std::move(channels)},
                   {"signposting", s.signposting.empty() ? Json(nullptr) : Json(s.signposting)}});
  }
  return out;
}

}  // namespace hm::console
