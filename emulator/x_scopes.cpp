// X accounts' scopes, plan and spelling (x_rules.hpp), and the scope each endpoint needs (the
// OAuth2UserToken security of each operation in X's OpenAPI spec).
#include "emulator/x_internal.hpp"
#include "emulator/x_rules.hpp"

namespace hm::emulator::x {

const std::set<std::string> kProductScopes = {
    "tweet.read", "users.read",     "tweet.write", "tweet.moderate.write",
    "mute.write", "offline.access", "block.read"};

std::optional<std::string> read_account_options(const json& b, Account& a) {
  if (auto it = b.find("scopes"); it != b.end()) {
    if (!it->is_array()) return "scopes must be an array of strings";
    std::set<std::string> scopes;
    for (const auto& s : *it) {
      if (!s.is_string()) return "scopes must be an array of strings";
      scopes.insert(s.get<std::string>());
    }
    a.scopes = std::move(scopes);
  }
  if (auto it = b.find("x_plan"); it != b.end()) {
    if (!it->is_string() || (*it != "basic" && *it != "pay_per_use"))
      return "x_plan must be \"basic\" or \"pay_per_use\"";
    a.x_plan = it->get<std::string>();
  }
  if (auto it = b.find("x_field_names"); it != b.end()) {
    if (!it->is_string() || (*it != "tweet" && *it != "post" && *it != "both"))
      return "x_field_names must be \"tweet\", \"post\" or \"both\"";
    a.x_field_names = it->get<std::string>();
  }
  return std::nullopt;
}

std::set<std::string> token_scopes(const Account& a) {
  return a.scopes ? *a.scopes : kProductScopes;
}

namespace {

// The scopes an endpoint needs besides tweet.read and users.read (which every one needs).
std::optional<std::string> extra_scope(const std::string& m, const std::vector<std::string>& s) {
  if (m == "PUT" && s.size() == 3 && s[0] == "tweets" && s[2] == "hidden")
    return "tweet.moderate.write";
  if ((m == "DELETE" && s.size() == 2 && s[0] == "tweets") ||
      (m == "POST" && s == std::vector<std::string>{"tweets"}))
    return "tweet.write";
  if (s.size() >= 3 && s[0] == "users" && s[2] == "muting") return "mute.write";
  // Managing blocks is refused to every self-serve client first (client-forbidden, x_api.cpp).
  if (s.size() >= 3 && s[0] == "users" && s[2] == "blocking" && m == "GET") return "block.read";
  return std::nullopt;
}

}  // namespace

std::optional<Response> missing_scope(const std::string& method,
                                      const std::vector<std::string>& segs, const Token& t) {
  std::vector<std::string> needed = {"tweet.read", "users.read"};
  if (auto extra = extra_scope(method, segs)) needed.push_back(*extra);
  std::string missing;
  for (const auto& scope : needed)
    if (!t.scopes.count(scope)) missing += (missing.empty() ? "" : ", ") + scope;
  if (missing.empty()) return std::nullopt;
  return x_problem(403, "Forbidden", "Missing required OAuth 2.0 scope(s): " + missing);
}

}  // namespace hm::emulator::x
