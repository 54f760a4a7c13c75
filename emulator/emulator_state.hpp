// Everything the emulated platforms know: accounts and their tokens, posts, comments (X: reply
// Tweets), blocks, mutes, replies the daemon posted, the log of API calls, queued faults, the
// rate-limit windows, and the emulator's clock. Plain data plus small lookups; the API modules
// implement the platform behaviour on top of it.
//
// Error policy: lookups return nullptr / std::nullopt for unknown ids; nothing throws except
// std::bad_alloc. Single-threaded by design (the server runs one io_context thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "emulator/faults.hpp"
#include "emulator/onboarding_state.hpp"
#include "emulator/platform.hpp"

namespace hm::emulator {

struct Account {
  Platform platform = Platform::facebook;
  std::string id, name, username;
  std::string client_id, client_secret;
  std::string refresh_token;        // the current (unspent) refresh token, X only
  std::int64_t expires_in = 0;      // access-token lifetime in seconds; 0 = never expires
  std::int64_t call_budget = 4800;  // Graph BUC calls per 24 h window (4800 * 1 engaged user)
  // X only (issue 13): the OAuth 2.0 scopes its tokens carry (absent: all the product needs),
  // its plan's limits ("pay_per_use" | "basic") and the field names it accepts ("tweet" |
  // "post" | "both": x_render.cpp).
  std::optional<std::set<std::string>> scopes;
  std::string x_plan = "pay_per_use";
  std::string x_field_names = "both";
  // Instagram: how its tokens were made. "instagram" (Instagram Login): accepted only on the
  // emulated graph.instagram.com, 60-day tokens, refreshable. "facebook": graph.facebook.com.
  std::string login = "facebook";
  std::string app_secret;           // Graph: the app's secret, for appsecret_proof
  bool require_app_secret = false;  // Graph: "Require App Secret" is on
  static constexpr std::int64_t kInstagramLoginLifetime = 60 * 24 * 3600;  // 60 days
  // Graph permissions the account's token was granted; absent = all the product needs
  // (graph_permissions.cpp says which call needs which).
  std::optional<std::set<std::string>> permissions;
};

struct Token {
  Platform platform = Platform::facebook;
  std::string account_id;
  std::optional<std::int64_t> expires_at;  // emulator time
  std::set<std::string> scopes{};          // Graph permissions or X scopes it was granted
  // Instagram: made by Instagram Login (accepted only on graph.instagram.com) or by Facebook
  // Login (only on graph.facebook.com). One account can have tokens of both kinds.
  bool instagram_login = false;
};

struct Post {
  Platform platform = Platform::facebook;
  std::string id, account_id, text;
  // Facebook: who made the post. "own" (the Page's: published_posts and feed), "visitor" (a
  // visitor's post on the Page) or "tagged" (a post elsewhere that tags the Page): feed only.
  std::string origin = "own";
  std::int64_t created = 0;
  std::uint64_t seq = 0;
  bool deleted = false;
};

struct Comment {
  Platform platform = Platform::facebook;
  std::string id;  // as created; X edits add ids to edit_history (current = back())
  std::string post_id;
  std::optional<std::string> parent_id;  // a reply to another comment
  std::string author_id, author_name, author_username;
  std::string text;
  std::int64_t created = 0;
  std::uint64_t seq = 0;  // X: seq of the current version
  bool hidden = false, deleted = false;
  bool by_account = false;  // posted through the API by the account itself
  int like_count = 0;
  std::vector<std::string> edit_history;

  const std::string& current_id() const { return edit_history.empty() ? id : edit_history.back(); }
};

struct Call {
  Platform platform = Platform::facebook;
  std::string method;
  std::string path;  // the request target as received: path and query, percent-encoded
  int status = 0;
  bool batched = false;
};

struct UserRef {
  Platform platform = Platform::facebook;
  std::string account_id, user_id;
  bool operator<(const UserRef& o) const {
    return std::tie(platform, account_id, user_id) < std::tie(o.platform, o.account_id, o.user_id);
  }
};

struct PostedReply {
  Platform platform = Platform::facebook;
  std::string parent_id, text, id;
};

struct RateWindow {
  std::int64_t start = 0;
  std::int64_t count = 0;
};

struct Person {
  std::string name, username;
};

class State {
 public:
  // --- clock: real time (or a fixed base for tests) plus the advanced offset ---
  std::int64_t now() const;
  void advance(std::int64_t seconds) { offset_ += seconds; }
  void set_fixed_time(std::int64_t t) { fixed_ = t; }

  // --- ids ---
  std::uint64_t next_seq() { return ++seq_; }
  std::string new_post_id(Platform p, const std::string& account_id, std::uint64_t seq) const;
  std::string new_comment_id(Platform p, const std::string& post_id, std::uint64_t seq) const;

  // --- lookups ---
  const Account* account(Platform p, const std::string& id) const;
  Account* account(Platform p, const std::string& id);
  // A Graph id that is a Page or IG user.
  const Account* graph_account(const std::string& id) const;
  const Token* token(const std::string& access_token) const;
  Post* post(const std::string& id);
  Comment* comment(const std::string& id);  // also resolves X edit ids
  const Person* person(Platform p, const std::string& user_id) const;

  // Appends to the call log, keeping at most kMaxCalls entries (the oldest are dropped and
  // counted in calls_dropped).
  void log_call(Call c);
  static constexpr std::size_t kMaxCalls = 100000;
  std::size_t calls_dropped = 0;

  // Resets everything except the clock.
  void reset();

  std::map<std::string, Account> accounts;  // key: platform + ":" + id
  std::map<std::string, Token> tokens;      // access token -> owner
  std::set<std::string> spent_refresh_tokens;
  std::map<std::string, Post> posts;
  std::map<std::string, Comment> comments;
  std::map<std::string, std::string> comment_aliases;  // X edit id -> original id
  std::map<std::string, Person> people;                // platform + ":" + user id
  std::set<UserRef> blocked, muted;
  std::vector<PostedReply> posted_replies;
  std::vector<Call> calls;
  std::vector<Fault> faults;
  std::map<std::string, RateWindow> windows;
  Onboarding onboarding;  // users, short-lived tokens and codes of the connect flows

  // Counts one call in a fixed window of `length` seconds under `key`; returns the window.
  RateWindow& count_call(const std::string& key, std::int64_t length);
  // The window without counting (a fresh one if absent or expired).
  RateWindow peek_window(const std::string& key, std::int64_t length) const;

  static std::string key(Platform p, const std::string& id);

 private:
  std::uint64_t seq_ = 0;
  std::int64_t offset_ = 0;
  std::optional<std::int64_t> fixed_;
};

}  // namespace hm::emulator
