// One API request as the handlers see it: who is calling, the path's segments, the query, and
// the helpers every handler uses to answer. Internal to console/.
//
// Error policy: the helpers build 4xx answers; parse_body() returns an error response instead of
// throwing on bad JSON.
#pragma once

#include <boost/url/url_view.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "console/console_api.hpp"

namespace hm::console {

using Json = nlohmann::ordered_json;

struct Call {
  const HttpRequest& request;
  const Caller& caller;
  moderation::Time now;
  std::vector<std::string> path;  // segments after /api/v1
  boost::urls::url_view url;
  store::User user;
  std::string actor;  // "user:NAME", for the audit log

  std::optional<std::string> query(std::string_view key) const;
};

HttpResponse json_response(const HttpRequest& request, http::status status, const Json& body);
HttpResponse error_response(const HttpRequest& request, http::status status,
                            std::string_view message);
HttpResponse no_content(const HttpRequest& request);

// The request body as a JSON object (an empty body is an empty object), or the 400 to send.
std::variant<Json, HttpResponse> parse_body(const Call& call);

// A field of a parsed body: nullopt when absent; a wrong type is reported through `problem`.
std::optional<std::string> string_field(const Json& body, std::string_view key,
                                        std::string& problem);

// A bulk request's "ids": 1 to `max` positive integers, or the 400 to send (`what` names them).
std::variant<std::vector<std::int64_t>, HttpResponse> bulk_ids(const Call& call, const Json& body,
                                                               std::size_t max,
                                                               std::string_view what);

// "2026-11-21T06:41:22Z", or null when there is no time.
Json time_json(const std::optional<moderation::Time>& at);

// A whole positive number from a path segment or query value.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace hm::console
