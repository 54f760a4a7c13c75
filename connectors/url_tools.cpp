#include "connectors/url_tools.hpp"

#include <array>

#include <boost/url/parse.hpp>

#include "connectors/http_message.hpp"

namespace hm::connectors {
namespace {

constexpr std::array<std::string_view, 7> kSecretParams = {
    "access_token",      "refresh_token", "client_secret",  "code",
    "fb_exchange_token", "input_token",   "appsecret_proof"};

bool is_secret_param(std::string_view key) {
  for (auto s : kSecretParams)
    if (iequals(s, key)) return true;
  return false;
}

std::string effective_port(const boost::urls::url_view& u) {
  if (u.has_port()) return std::string(u.port());
  return u.scheme() == "https" ? "443" : "80";
}

}  // namespace

std::optional<boost::urls::url> parse_https_url(std::string_view text) {
  auto r = boost::urls::parse_absolute_uri(text);
  if (!r) return std::nullopt;
  boost::urls::url u(*r);
  if (u.scheme() != "https" || u.host().empty()) return std::nullopt;
  u.normalize_scheme();
  return u;
}

boost::urls::url endpoint(
    const boost::urls::url& api_base, std::initializer_list<std::string_view> segments,
    std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  boost::urls::url u = api_base;
  u.remove_query();
  u.remove_fragment();
  auto segs = u.segments();
  // Drop a trailing empty segment ("/v25.0/") so appending gives "/v25.0/x".
  if (!segs.empty() && segs.back().empty()) segs.pop_back();
  for (auto s : segments) segs.push_back(s);
  if (u.encoded_path().empty() || u.encoded_path().front() != '/') u.set_path_absolute(true);
  auto qp = u.params();
  for (const auto& [k, v] : params) qp.append({k, v});
  return u;
}

bool same_origin_under(const boost::urls::url_view& base, const boost::urls::url_view& candidate) {
  if (candidate.scheme() != base.scheme()) return false;
  if (!iequals(candidate.host(), base.host())) return false;
  if (effective_port(candidate) != effective_port(base)) return false;
  std::string base_path(base.path());
  while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
  const std::string path(candidate.path());
  if (base_path.empty()) return true;
  if (path.compare(0, base_path.size(), base_path) != 0) return false;
  if (path.size() > base_path.size() && path[base_path.size()] != '/') return false;
  // No dot segments that could climb out of the base path.
  for (auto seg : candidate.segments())
    if (seg == ".." || seg == ".") return false;
  return true;
}

std::optional<boost::urls::url> safe_next_url(const boost::urls::url& api_base,
                                              std::string_view next) {
  auto u = parse_https_url(next);
  if (!u || !same_origin_under(api_base, *u)) return std::nullopt;
  u->remove_fragment();
  u->params().erase("access_token");
  return u;
}

std::string redact_url(const boost::urls::url_view& url) {
  boost::urls::url u(url);
  if (u.has_userinfo()) u.set_userinfo("REDACTED");
  auto params = u.params();
  for (auto it = params.begin(); it != params.end(); ++it) {
    auto p = *it;
    if (p.has_value && is_secret_param(p.key)) it = params.replace(it, {p.key, "REDACTED"});
  }
  return std::string(u.buffer());
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (std::size_t pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos + 8))
    text.replace(pos, secret.size(), "REDACTED");
  return text;
}

}  // namespace hm::connectors
