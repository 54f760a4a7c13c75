#include "daemon/online_check.hpp"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "connectors/blocking_https.hpp"
#include "connectors/connector_factory.hpp"
#include "connectors/credentials.hpp"
#include "connectors/token_store.hpp"
#include "connectors/url_tools.hpp"
#include "daemon/credentials.hpp"

namespace hm::daemon {

namespace {

using connectors::HttpRequest;
using connectors::HttpResponse;
using nlohmann::json;

json body_of(const HttpResponse& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json{} : j;
}

// A Graph error in words, with what it means for the admin.
std::string graph_error_words(const HttpResponse& r) {
  json j = body_of(r);
  if (!j.is_object() || !j.contains("error") || !j["error"].is_object())
    return "Meta answered HTTP " + std::to_string(r.status) + " without an error message";
  const auto& e = j["error"];
  int code = e.value("code", 0);
  std::string msg = e.value("message", std::string{});
  std::string meaning;
  if (code == 190 || code == 102)
    meaning =
        "the token is not valid any more (expired, revoked, a password change or a lost "
        "Page role): make a new one with hallmonitorctl connect";
  else if (code == 10 || (code >= 200 && code <= 299) || code == 3)
    meaning = "the app or token lacks a permission this needs";
  else if (code == 100 || code == 803)
    meaning = "the id is wrong, or the token may not see it";
  else if (code == 4 || code == 17 || code == 32 || code == 613 || code == 80001 || code == 80002)
    meaning = "Meta is rate-limiting the app or Page right now";
  return "Meta said (code " + std::to_string(code) + ") \"" + msg + "\"" +
         (meaning.empty() ? "" : ": " + meaning);
}

// The highest percentage in Meta's usage headers, or std::nullopt when there are none.
std::optional<int> graph_usage_percent(const HttpResponse& r) {
  std::optional<int> most;
  auto take = [&](const json& o) {
    for (const char* k : {"call_count", "total_time", "total_cputime"})
      if (o.contains(k) && o[k].is_number()) most = std::max(most.value_or(0), o[k].get<int>());
  };
  if (auto app = r.header("X-App-Usage")) {
    json j = json::parse(*app, nullptr, false);
    if (j.is_object()) take(j);
  }
  if (auto buc = r.header("X-Business-Use-Case-Usage")) {
    json j = json::parse(*buc, nullptr, false);
    if (j.is_object())
      for (auto& [id, list] : j.items())
        if (list.is_array())
          for (const auto& e : list)
            if (e.is_object()) take(e);
  }
  return most;
}

std::string id_text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string{};
}

HttpRequest get(boost::urls::url url, const std::string& token, const std::string& app_secret) {
  HttpRequest r;
  if (!app_secret.empty()) {
    // appsecret_proof = hex HMAC-SHA256(access_token, key = app secret) (Require App Secret).
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(app_secret.data()),
                                app_secret.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(token.data()),
                                  token.size());
    crypto_auth_hmacsha256_final(&st, mac);
    char hex[2 * sizeof mac + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    url.params().append({"appsecret_proof", hex});
  }
  r.url = std::move(url);
  r.headers.push_back({"Authorization", "Bearer " + token});
  return r;
}

std::optional<HttpResponse> send(HttpRequest r, const config::Channel& ch, Verdict& v,
                                 const std::string& host) {
  try {
    return connectors::blocking_request(std::move(r), ch.ca_file, std::chrono::seconds{15});
  } catch (const std::exception& e) {  // redacted NetworkError, or an unreadable ca_file
    v.fail("could not reach " + host + ": " + e.what());
    return std::nullopt;
  }
}

std::string base_text(const config::Config& cfg, const config::Channel& ch) {
  if (!ch.api_base.empty()) return ch.api_base;
  auto platform = moderation::parse_platform(ch.platform);
  if (!platform) return {};  // --check has said so
  return connectors::default_api_base(*platform, ch.login, cfg.daemon.graph_version);
}

void check_graph(const config::Config&, const config::Channel& ch, const std::string& text,
                 const boost::urls::url& base, Verdict& v) {
  std::string error;
  auto creds = connectors::parse_graph_credentials(text, error);
  if (!creds) return v.fail("the credentials file: " + error);
  json j = json::parse(text, nullptr, false);
  const std::string app_secret = j.is_object() ? j.value("app_secret", std::string{}) : "";
  const std::string host(base.host());
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  if (uses_instagram_login(ch)) {
    auto me = send(get(connectors::endpoint(base, {"me"}, {{"fields", "user_id,username"}}),
                       creds->access_token, {}),
                   ch, v, host);
    if (me) judge_instagram_me(ch, *me, v);
    return;
  }
  auto debug =
      send(get(connectors::endpoint(base, {"debug_token"}, {{"input_token", creds->access_token}}),
               creds->access_token, app_secret),
           ch, v, host);
  if (!debug) return;
  judge_debug_token(ch, *debug, now, v);
  if (!v.ok) return;
  auto account = send(get(connectors::endpoint(
                              base, {ch.account_id},
                              {{"fields", ch.platform == "instagram" ? "id,username" : "id,name"}}),
                          creds->access_token, app_secret),
                      ch, v, host);
  if (account) judge_graph_account(ch, *account, v);
}

// The newest access token: the one the daemon saved (when this user may read it and it grew
// from this credentials file), else the credentials file's.
std::string x_access_token(const config::Config& cfg, const config::Channel& ch,
                           const connectors::XCredentials& creds, const std::string& text) {
  // Only an existing store is opened: a check never creates the daemon's token folder.
  std::error_code ec;
  if (std::filesystem::exists(connectors::token_store_file(cfg.daemon.state_dir, ch.id), ec))
    if (auto saved = connectors::x_token_store(cfg.daemon.state_dir, ch.id, creds, text)->load();
        saved && !saved->access_token.empty() &&
        saved->access_expires_at > std::chrono::system_clock::now())
      return saved->access_token;
  return creds.access_token;
}

void check_x(const config::Config& cfg, const config::Channel& ch, const std::string& text,
             const boost::urls::url& base, Verdict& v) {
  std::string error;
  auto creds = connectors::parse_x_credentials(text, error);
  if (!creds) return v.fail("the credentials file: " + error);
  const std::string token = x_access_token(cfg, ch, *creds, text);
  if (token.empty())
    return v.fail(
        "there is no access token to check with: the credentials file has none and "
        "the daemon has saved none. Start the daemon (it makes one from the refresh "
        "token), or run hallmonitorctl connect x again");
  const std::string host(base.host());
  auto me = send(get(connectors::endpoint(base, {"users", "me"}), token, {}), ch, v, host);
  if (!me) return;
  judge_x_me(ch, *me, v);
  if (!v.ok) return;
  auto mentions = send(
      get(connectors::endpoint(base, {"users", ch.account_id, "mentions"}, {{"max_results", "5"}}),
          token, {}),
      ch, v, host);
  if (mentions)
    judge_x_mentions(ch, ch.poll_interval.value_or(cfg.daemon.poll_interval), *mentions, v);
}

}  // namespace

std::vector<std::string> needed_permissions(const config::Channel& ch) {
  if (ch.platform == "facebook")
    return {"pages_read_engagement", "pages_read_user_content", "pages_manage_engagement"};
  if (uses_instagram_login(ch))
    return {"instagram_business_basic", "instagram_business_manage_comments"};
  return {"instagram_basic", "instagram_manage_comments"};
}

bool uses_instagram_login(const config::Channel& ch) {
  return ch.platform == "instagram" && ch.login == "instagram";
}

void judge_debug_token(const config::Channel& ch, const HttpResponse& r, std::int64_t now,
                       Verdict& v) {
  json j = body_of(r);
  if (r.status != 200 || !j.contains("data") || !j["data"].is_object())
    return v.fail("the token was refused: " + graph_error_words(r));
  const json& d = j["data"];
  if (!d.value("is_valid", false)) {
    std::string why = d.contains("error") && d["error"].is_object()
                          ? d["error"].value("message", std::string{})
                          : std::string{};
    return v.fail("the token is not valid" + (why.empty() ? "" : " (Meta: \"" + why + "\")") +
                  ": make a new one with hallmonitorctl connect");
  }
  const std::string type = d.value("type", std::string{});
  const std::string profile = d.contains("profile_id") ? id_text(d["profile_id"]) : "";
  if (ch.platform == "facebook" && type == "PAGE" && !profile.empty() && profile != ch.account_id)
    return v.fail("the token is the Page " + profile + "'s, but account_id is " + ch.account_id +
                  ": use that Page's token, or correct account_id");
  if (ch.platform == "facebook" && type == "USER")
    v.note(
        "it is a user token, not a Page token: Facebook hides commenters' names from user "
        "tokens; hallmonitorctl connect facebook stores the Page's token");
  std::set<std::string> have;
  if (d.contains("scopes") && d["scopes"].is_array())
    for (const auto& s : d["scopes"])
      if (s.is_string()) have.insert(s.get<std::string>());
  std::vector<std::string> missing;
  for (const auto& p : needed_permissions(ch))
    if (!have.count(p)) missing.push_back(p);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return v.fail("the token lacks the permission" + std::string(missing.size() > 1 ? "s " : " ") +
                  list +
                  ": hallmonitor could not read or hide comments. Add them where the token is "
                  "made (Graph API Explorer or the app's login), then run hallmonitorctl "
                  "connect again");
  }
  v.note("the token is valid with the permissions hallmonitor needs");
  const std::int64_t expires = d.value("expires_at", std::int64_t{0});
  if (expires == 0)
    v.note("it does not expire (a password change or a lost Page role still ends it)");
  else if (expires <= now)
    v.fail("it has expired: make a new one with hallmonitorctl connect");
  else
    v.note("it expires in " + std::to_string((expires - now) / 86400) +
           " days: hallmonitorctl connect makes one that does not");
}

void judge_graph_account(const config::Channel& ch, const HttpResponse& r, Verdict& v) {
  json j = body_of(r);
  if (r.status != 200 || !j.is_object() || id_text(j.value("id", json{})) != ch.account_id)
    return v.fail("account_id " + ch.account_id +
                  " could not be read with this token: " + graph_error_words(r));
  std::string name = j.value(ch.platform == "instagram" ? "username" : "name", std::string{});
  v.note("account_id " + ch.account_id + " is " +
         (ch.platform == "instagram" ? "@" + name : "the Page \"" + name + "\""));
  if (auto used = graph_usage_percent(r)) {
    std::string words = "Meta's rate limits: " + std::to_string(*used) + "% used";
    if (*used >= 100)
      words += ": throttled now, the channel waits until Meta allows calls again";
    else if (*used >= 80)
      words += ": close to the limit; a longer poll_interval would help";
    v.note(words);
  }
}

void judge_instagram_me(const config::Channel& ch, const HttpResponse& r, Verdict& v) {
  json j = body_of(r);
  if (r.status != 200 || !j.is_object())
    return v.fail("the Instagram-Login token was refused: " + graph_error_words(r));
  std::string id = id_text(j.value("user_id", json{}));
  if (id != ch.account_id)
    return v.fail("the token is for Instagram account " + id + " (@" +
                  j.value("username", std::string{}) + "), but account_id is " + ch.account_id);
  v.note("the Instagram-Login token works for @" + j.value("username", std::string{}) +
         " (its permissions show on the first hide; the daemon refreshes it before its 60 days "
         "end)");
  if (auto used = graph_usage_percent(r))
    v.note("Meta's rate limits: " + std::to_string(*used) + "% used");
}

void judge_x_me(const config::Channel& ch, const HttpResponse& r, Verdict& v) {
  json j = body_of(r);
  if (r.status == 401)
    return v.fail(
        "X refused the access token. X access tokens last 2 hours and the daemon "
        "renews them while it runs; this check does not, as that would spend the "
        "refresh token the daemon holds. If the daemon is running and still fails, "
        "run hallmonitorctl connect x again");
  if (r.status != 200 || !j.contains("data") || !j["data"].is_object())
    return v.fail("X answered HTTP " + std::to_string(r.status) + " to /2/users/me: " +
                  j.value("detail", j.value("title", std::string{"no detail"})));
  const std::string id = id_text(j["data"].value("id", json{}));
  const std::string handle = j["data"].value("username", std::string{});
  if (id != ch.account_id)
    return v.fail("the token is @" + handle + "'s (id " + id + "), but account_id is " +
                  ch.account_id + ": correct account_id or authorise the right account");
  v.note("the token works for @" + handle);
}

void judge_x_mentions(const config::Channel& ch, std::chrono::seconds poll, const HttpResponse& r,
                      Verdict& v) {
  json j = body_of(r);
  if (r.status == 403)
    return v.fail("X refused reading the account's mentions (HTTP 403: " +
                  j.value("detail", std::string{"Forbidden"}) +
                  "): the app needs the tweet.read and users.read scopes and a plan that "
                  "includes reading mentions");
  if (r.status == 429) {
    v.note("X is rate-limiting the mentions read right now (HTTP 429)");
  } else if (r.status != 200) {
    return v.fail("X answered HTTP " + std::to_string(r.status) + " to the mentions read: " +
                  j.value("detail", j.value("title", std::string{"no detail"})));
  } else {
    v.note(
        "reading its mentions works (the hide scope, tweet.moderate.write, shows only on a "
        "hide; hallmonitorctl connect x checks X granted it)");
  }
  auto limit = r.header("x-rate-limit-limit");
  auto remaining = r.header("x-rate-limit-remaining");
  if (!limit || !remaining) return;
  long lim = std::strtol(std::string(*limit).c_str(), nullptr, 10);
  long left = std::strtol(std::string(*remaining).c_str(), nullptr, 10);
  std::string words = "X's rate limit on mentions: " + std::to_string(left) + " of " +
                      std::to_string(lim) + " calls left in this 15-minute window";
  if (lim > 0) {
    const long floor_seconds = 900 / lim;
    if (poll.count() < floor_seconds) {
      v.fail(words + "; polling every " + std::to_string(poll.count()) +
             "s needs more than that: set poll_interval = \"" + std::to_string(floor_seconds) +
             "s\" or longer for channel '" + ch.id + "'");
      return;
    }
  }
  v.note(words);
}

int check_online(const config::Config& cfg) {
  int failed = 0, total = 0;
  for (const auto& school : cfg.schools)
    for (const auto& ch : school.channels) {
      ++total;
      Verdict v;
      auto found = find_credential(cfg, ch);
      std::string error;
      std::optional<std::string> text;
      if (found.file) text = connectors::read_secret_file(*found.file, error);
      auto base = connectors::parse_https_url(base_text(cfg, ch));
      if (!text)
        v.fail("its credentials file cannot be read" +
               (found.problem ? ": " + found.problem->message : std::string{}));
      else if (!base)
        v.fail("api_base is not an absolute https URL");
      else if (ch.platform == "x")
        check_x(cfg, ch, *text, *base, v);
      else
        check_graph(cfg, ch, *text, *base, v);
      if (!v.ok) ++failed;
      std::cout << "channel '" << ch.id << "' (" << ch.platform << ", account " << ch.account_id
                << "): " << (v.ok ? "OK" : "FAILED") << "\n";
      for (const auto& f : v.findings) std::cout << "  - " << f << "\n";
    }
  std::cout << (failed ? "online check: " + std::to_string(failed) + " of " +
                             std::to_string(total) + " channel(s) FAILED\n"
                       : "online check: all " + std::to_string(total) + " channel(s) OK\n");
  return failed;
}

}  // namespace hm::daemon
