// `hallmonitord --check --online`: for each channel, read-only calls that prove the token, the
// account id, the permissions or scopes and the rate-limit headroom, each judged in plain words
// (DESIGN.md §9). Graph (Facebook, Instagram with Facebook Login): GET /debug_token for the
// token's validity, owner, permissions and expiry, then GET /{account_id} with the usage
// headers. Instagram Login: GET /me (user_id must be account_id). X: GET /2/users/me (the
// account id) and GET /2/users/{id}/mentions (the read the channel polls with, and its
// x-rate-limit-* headers), with the newest access token the daemon saved or the credentials
// file's; it never refreshes one, as that would spend the refresh token a running daemon holds.
//
// Error policy: every failure (network, TLS, a refusal) becomes a failed verdict in words;
// nothing throws but std::bad_alloc. Secrets never appear in verdicts.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/http_message.hpp"
#include "daemon/config.hpp"

namespace hm::daemon {

struct Verdict {
  bool ok = true;
  std::vector<std::string> findings;  // in plain words, in the order found
  void fail(std::string why) {
    ok = false;
    findings.push_back(std::move(why));
  }
  void note(std::string what) { findings.push_back(std::move(what)); }
};

// The permissions the channel's connector needs (Graph).
std::vector<std::string> needed_permissions(const config::Channel& ch);
// Whether the channel uses an Instagram-Login token (served by graph.instagram.com).
bool uses_instagram_login(const config::Channel& ch);

// The judges: pure over the platform's answers. `now` is Unix seconds.
void judge_debug_token(const config::Channel& ch, const connectors::HttpResponse& r,
                       std::int64_t now, Verdict& v);
void judge_graph_account(const config::Channel& ch, const connectors::HttpResponse& r, Verdict& v);
void judge_instagram_me(const config::Channel& ch, const connectors::HttpResponse& r, Verdict& v);
void judge_x_me(const config::Channel& ch, const connectors::HttpResponse& r, Verdict& v);
void judge_x_mentions(const config::Channel& ch, std::chrono::seconds poll,
                      const connectors::HttpResponse& r, Verdict& v);

// Runs the checks for every channel; prints one verdict per channel and a summary on stdout.
// Returns the number of channels that failed.
int check_online(const config::Config& cfg);

}  // namespace hm::daemon
