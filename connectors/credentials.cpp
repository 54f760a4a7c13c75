#include "connectors/credentials.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace hm::connectors {
namespace {

std::optional<nlohmann::json> object(std::string_view text, std::string& error) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = "credentials file is not a JSON object";
    return std::nullopt;
  }
  return j;
}

bool take(const nlohmann::json& j, const char* key, std::string& out, bool required,
          std::string& error) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    if (required) error = std::string("credentials file lacks a non-empty string \"") + key + "\"";
    return !required;
  }
  out = it->get<std::string>();
  return true;
}

}  // namespace

std::optional<GraphCredentials> parse_graph_credentials(std::string_view text, std::string& error) {
  auto j = object(text, error);
  if (!j) return std::nullopt;
  GraphCredentials c;
  if (!take(*j, "access_token", c.access_token, true, error) ||
      !take(*j, "app_secret", c.app_secret, false, error))
    return std::nullopt;
  return c;
}

std::optional<XCredentials> parse_x_credentials(std::string_view text, std::string& error) {
  auto j = object(text, error);
  if (!j) return std::nullopt;
  XCredentials c;
  if (!take(*j, "client_id", c.client_id, true, error) ||
      !take(*j, "client_secret", c.client_secret, false, error) ||
      !take(*j, "refresh_token", c.refresh_token, true, error) ||
      !take(*j, "access_token", c.access_token, false, error))
    return std::nullopt;
  return c;
}

std::optional<std::string> read_secret_file(const std::filesystem::path& file, std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read credentials file " + file.string();
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace hm::connectors
