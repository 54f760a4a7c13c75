#include "console/api_call.hpp"

#include <charconv>

#include "store/evidence.hpp"

namespace hm::console {

std::optional<std::string> Call::query(std::string_view key) const {
  auto params = url.params();
  auto it = params.find(key);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

HttpResponse json_response(const HttpRequest& request, http::status status, const Json& body) {
  // Replacement keeps a response valid JSON even if stored text holds broken UTF-8.
  return make_response(request, status, "application/json",
                       body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

HttpResponse error_response(const HttpRequest& request, http::status status,
                            std::string_view message) {
  return json_response(request, status, Json{{"error", std::string(message)}});
}

HttpResponse no_content(const HttpRequest& request) {
  return make_response(request, http::status::no_content, "application/json", "");
}

std::variant<Json, HttpResponse> parse_body(const Call& call) {
  const auto& body = call.request.body();
  if (body.empty()) return Json::object();
  auto it = call.request.find(http::field::content_type);
  std::string_view type;
  if (it != call.request.end()) type = std::string_view(it->value().data(), it->value().size());
  if (type.substr(0, type.find(';')) != "application/json")
    return error_response(call.request, http::status::unsupported_media_type,
                          "the request body must be Content-Type: application/json");
  Json parsed = Json::parse(body, nullptr, false);
  if (parsed.is_discarded())
    return error_response(call.request, http::status::bad_request, "the body is not valid JSON");
  if (!parsed.is_object())
    return error_response(call.request, http::status::bad_request,
                          "the body must be a JSON object");
  return parsed;
}

std::optional<std::string> string_field(const Json& body, std::string_view key,
                                        std::string& problem) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    problem = "'" + std::string(key) + "' must be a string";
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::variant<std::vector<std::int64_t>, HttpResponse> bulk_ids(const Call& call, const Json& body,
                                                               std::size_t max,
                                                               std::string_view what) {
  auto ids = body.find("ids");
  if (ids == body.end() || !ids->is_array() || ids->empty() || ids->size() > max)
    return error_response(
        call.request, http::status::bad_request,
        "ids must be an array of 1 to " + std::to_string(max) + " " + std::string(what) + " ids");
  std::vector<std::int64_t> out;
  for (const auto& id : *ids) {
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0)
      return error_response(call.request, http::status::bad_request,
                            "every id must be a positive integer");
    out.push_back(id.get<std::int64_t>());
  }
  return out;
}

Json time_json(const std::optional<moderation::Time>& at) {
  if (!at) return nullptr;
  return store::iso8601(at->time_since_epoch().count());
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace hm::console
