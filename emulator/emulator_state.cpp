#include "emulator/emulator_state.hpp"

#include <chrono>

namespace hm::emulator {

std::int64_t State::now() const {
  std::int64_t base = fixed_ ? *fixed_
                             : std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
  return base + offset_;
}

std::string State::key(Platform p, const std::string& id) {
  return std::string(to_string(p)) + ":" + id;
}

std::string State::new_post_id(Platform p, const std::string& account_id, std::uint64_t seq) const {
  switch (p) {
    case Platform::facebook:  // "{page_id}_{post_id}", post ids 18 digits
      return account_id + "_" + std::to_string(122100000000000000ULL + seq);
    case Platform::instagram:  // 17 digits starting 17
      return std::to_string(17890000000000000ULL + seq);
    case Platform::x:  // 19 digits, monotonically increasing, shared with replies
      return std::to_string(1900000000000000000ULL + seq);
  }
  return std::to_string(seq);
}

std::string State::new_comment_id(Platform p, const std::string& post_id, std::uint64_t seq) const {
  switch (p) {
    case Platform::facebook: {  // "{post_obj_id}_{comment_id}"
      auto us = post_id.rfind('_');
      std::string obj = us == std::string::npos ? post_id : post_id.substr(us + 1);
      return obj + "_" + std::to_string(1213500000000000ULL + seq);
    }
    case Platform::instagram:
      return std::to_string(17850000000000000ULL + seq);
    case Platform::x:
      return std::to_string(1900000000000000000ULL + seq);
  }
  return std::to_string(seq);
}

const Account* State::account(Platform p, const std::string& id) const {
  auto it = accounts.find(key(p, id));
  return it == accounts.end() ? nullptr : &it->second;
}

Account* State::account(Platform p, const std::string& id) {
  auto it = accounts.find(key(p, id));
  return it == accounts.end() ? nullptr : &it->second;
}

const Account* State::graph_account(const std::string& id) const {
  if (auto* a = account(Platform::facebook, id)) return a;
  return account(Platform::instagram, id);
}

const Token* State::token(const std::string& access_token) const {
  auto it = tokens.find(access_token);
  return it == tokens.end() ? nullptr : &it->second;
}

Post* State::post(const std::string& id) {
  auto it = posts.find(id);
  return it == posts.end() ? nullptr : &it->second;
}

Comment* State::comment(const std::string& id) {
  auto it = comments.find(id);
  if (it != comments.end()) return &it->second;
  auto alias = comment_aliases.find(id);
  if (alias == comment_aliases.end()) return nullptr;
  it = comments.find(alias->second);
  return it == comments.end() ? nullptr : &it->second;
}

const Person* State::person(Platform p, const std::string& user_id) const {
  auto it = people.find(key(p, user_id));
  return it == people.end() ? nullptr : &it->second;
}

void State::reset() {
  accounts.clear();
  tokens.clear();
  spent_refresh_tokens.clear();
  posts.clear();
  comments.clear();
  comment_aliases.clear();
  people.clear();
  blocked.clear();
  muted.clear();
  posted_replies.clear();
  calls.clear();
  calls_dropped = 0;
  faults.clear();
  windows.clear();
  onboarding = {};
}

void State::log_call(Call c) {
  if (calls.size() >= kMaxCalls) {
    calls.erase(calls.begin(), calls.begin() + static_cast<std::ptrdiff_t>(kMaxCalls / 10));
    calls_dropped += kMaxCalls / 10;
  }
  calls.push_back(std::move(c));
}

RateWindow& State::count_call(const std::string& k, std::int64_t length) {
  auto& w = windows[k];
  std::int64_t t = now();
  if (w.count == 0 || t >= w.start + length) {
    w.start = t;
    w.count = 0;
  }
  ++w.count;
  return w;
}

RateWindow State::peek_window(const std::string& k, std::int64_t length) const {
  auto it = windows.find(k);
  std::int64_t t = now();
  if (it == windows.end() || t >= it->second.start + length) return RateWindow{t, 0};
  return it->second;
}

}  // namespace hm::emulator
