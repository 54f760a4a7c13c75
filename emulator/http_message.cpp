#include "emulator/http_message.hpp"

#include <algorithm>
#include <cctype>

#include "emulator/url_codec.hpp"

namespace hm::emulator {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

std::optional<std::string> Request::query_param(const std::string& name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

void Response::set_header(const std::string& name, const std::string& value) {
  auto l = lower(name);
  for (auto& [k, v] : headers) {
    if (lower(k) == l) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::optional<std::string> Response::header(const std::string& name) const {
  auto l = lower(name);
  for (const auto& [k, v] : headers)
    if (lower(k) == l) return v;
  return std::nullopt;
}

Request make_request(std::string method, const std::string& target, std::string body,
                     std::map<std::string, std::string> headers) {
  Request r;
  r.method = std::move(method);
  r.target = target;
  auto q = target.find('?');
  r.path = percent_decode(std::string_view(target).substr(0, q), false);
  if (q != std::string::npos) r.query = parse_params(std::string_view(target).substr(q + 1));
  for (auto& [k, v] : headers) r.headers[lower(k)] = v;
  r.body = std::move(body);
  return r;
}

}  // namespace hm::emulator
