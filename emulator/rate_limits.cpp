#include "emulator/rate_limits.hpp"

namespace hm::emulator {

namespace {

XEndpointLimit pay_per_use_limit(const std::string& method, const std::vector<std::string>& s) {
  auto is = [&](std::initializer_list<const char*> pattern) {
    if (s.size() != pattern.size()) return false;
    std::size_t i = 0;
    for (const char* p : pattern) {
      if (std::string(p) != ":id" && s[i] != p) return false;
      ++i;
    }
    return true;
  };
  if (method == "GET" && is({"users", ":id", "mentions"}))
    return {"GET /2/users/:id/mentions", 300};
  if (method == "GET" && is({"tweets", "search", "recent"}))
    return {"GET /2/tweets/search/recent", 300};
  if (method == "GET" && is({"users", "me"})) return {"GET /2/users/me", 75};
  if (method == "GET" && is({"users", ":id", "tweets"})) return {"GET /2/users/:id/tweets", 900};
  if (method == "GET" && is({"tweets"})) return {"GET /2/tweets", 5000};
  if (method == "GET" && is({"tweets", ":id"})) return {"GET /2/tweets/:id", 900};
  if (method == "PUT" && is({"tweets", ":id", "hidden"}))
    return {"PUT /2/tweets/:tweet_id/hidden", 50};
  if (method == "DELETE" && is({"tweets", ":id"})) return {"DELETE /2/tweets/:id", 50};
  if (method == "POST" && is({"tweets"})) return {"POST /2/tweets", 100};
  if (method == "POST" && is({"users", ":id", "muting"})) return {"POST /2/users/:id/muting", 50};
  if (method == "DELETE" && is({"users", ":id", "muting", ":id"}))
    return {"DELETE /2/users/:id/muting/:target", 50};
  if (is({"users", ":id", "blocking"})) return {method + " /2/users/:id/blocking", 15};
  // Routes the table does not list: the GET /2/tweets/:id user budget.
  return {method + " /2/other", 900};
}

}  // namespace

XEndpointLimit x_endpoint_limit(const std::string& method, const std::vector<std::string>& s,
                                const std::string& plan) {
  XEndpointLimit lim = pay_per_use_limit(method, s);
  if (plan != "basic") return lim;
  // Legacy Basic, per user per 15 minutes (PLATFORMS.md §4.3, legacy tier reference).
  for (const auto& [route, basic] : {std::pair<const char*, int>{"GET /2/users/:id/mentions", 10},
                                     {"GET /2/tweets/search/recent", 60},
                                     {"PUT /2/tweets/:tweet_id/hidden", 5},
                                     {"DELETE /2/tweets/:id", 5},
                                     {"POST /2/users/:id/muting", 5}})
    if (lim.route == route) lim.limit = basic;
  return lim;
}

}  // namespace hm::emulator
