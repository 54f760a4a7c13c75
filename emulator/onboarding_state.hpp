// What the emulator knows for the onboarding flows `hallmonitorctl connect` runs
// (graph_oauth.cpp, x_authorize.cpp): Meta users with their apps, Page roles and short-lived
// or long-lived user tokens; short-lived Instagram-Login tokens; X authorisation codes waiting
// to be exchanged. Kept apart from the platform data in emulator_state.hpp so the onboarding
// endpoints can grow without touching it.
//
// Error policy: plain data; nothing here throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hm::emulator {

// A Page the Meta user has a role on, with the tasks the role allows ("MODERATE", ...) and the
// Instagram professional account linked to the Page, if any.
struct MetaPageRole {
  std::string page_id;
  std::vector<std::string> tasks;
  std::string instagram_id;  // empty: none linked
};

// A person signed in to Meta (as in Graph API Explorer), through one app.
struct MetaUser {
  std::string id, name;
  std::string app_id, app_secret;
  std::set<std::string> permissions;  // granted to the app
  std::vector<MetaPageRole> pages;
};

struct UserToken {
  std::string user_id;
  std::int64_t expires_at = 0;  // emulator time
  bool long_lived = false;
};

// A short-lived Instagram-Login (Business Login for Instagram) token waiting for
// ig_exchange_token.
struct InstagramLogin {
  std::string account_id;
  std::string app_secret;
  std::set<std::string> permissions;
  std::int64_t expires_at = 0;
};

// An X authorisation code: what the authorise request asked for, until it is exchanged.
struct AuthCode {
  std::string account_id, client_id, redirect_uri, code_challenge, scope;
  std::int64_t expires_at = 0;
};

struct Onboarding {
  std::map<std::string, MetaUser> meta_users;             // by user id
  std::map<std::string, UserToken> user_tokens;           // token -> user
  std::map<std::string, InstagramLogin> ig_short_tokens;  // short-lived token -> account
  std::map<std::string, AuthCode> auth_codes;             // X code -> grant
  // A Page token from /me/accounts -> a token for the Page's linked Instagram account: Meta
  // lets a Page token act for that account; the emulator maps one token to one account, so a
  // request the Page cannot see is tried again as the Instagram account (graph_oauth.cpp).
  std::map<std::string, std::string> linked_instagram;
};

}  // namespace hm::emulator
