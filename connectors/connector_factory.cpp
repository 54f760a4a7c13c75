#include "connectors/connector_factory.hpp"

#include "connectors/credentials.hpp"
#include "connectors/facebook_connector.hpp"
#include "connectors/instagram_connector.hpp"
#include "connectors/token_store.hpp"
#include "connectors/url_tools.hpp"
#include "connectors/x_connector.hpp"
#include "moderation/types.hpp"

namespace hm::connectors {

std::string default_api_base(moderation::Platform platform, std::string_view login,
                             std::string_view graph_version) {
  if (platform == moderation::Platform::x) return kXApiBase;
  const bool instagram_login = platform == moderation::Platform::instagram && login == "instagram";
  return std::string(instagram_login ? "https://graph.instagram.com/"
                                     : "https://graph.facebook.com/") +
         std::string(graph_version);
}

namespace {

// When the credentials file was last written (its token is at least that old).
Time file_time(const std::filesystem::path& file) {
  std::error_code ec;
  const auto t = std::filesystem::last_write_time(file, ec);
  if (ec) return Time{};
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::file_clock::to_sys(t));
}

}  // namespace

// Where a channel's rotating tokens live (X's pair, Instagram Login's renewed token).
std::filesystem::path token_store_file(const std::filesystem::path& state_dir,
                                       const std::string& channel_id) {
  return state_dir / "tokens" / (channel_id + ".tokens");
}

std::shared_ptr<FileTokenStore> x_token_store(const std::filesystem::path& state_dir,
                                              const std::string& channel_id,
                                              const XCredentials& creds,
                                              std::string_view credentials_text) {
  return std::make_shared<FileTokenStore>(
      token_store_file(state_dir, channel_id), channel_id,
      creds.client_secret.empty() ? creds.client_id + creds.refresh_token : creds.client_secret,
      credentials_seed(credentials_text));  // a replaced credentials file wins over stored tokens
}

MadeConnector make_connector(boost::asio::any_io_executor executor, const ChannelSpec& spec,
                             const std::filesystem::path& state_dir, ConnectorOptions options) {
  MadeConnector out;
  const std::string where = "channel " + spec.id + ": ";
  const auto platform = moderation::parse_platform(spec.platform);
  if (!platform) {
    out.error = where + platform.error();
    return out;
  }
  const bool x = *platform == moderation::Platform::x;
  const std::string base_text = spec.api_base.empty()
                                    ? default_api_base(*platform, spec.login, spec.graph_version)
                                    : spec.api_base;
  auto base = parse_https_url(base_text);
  if (!base) {
    out.error = where + "api_base must be an absolute https URL: " + base_text;
    return out;
  }
  ChannelSettings settings{spec.id, spec.account_id, *base, spec.ca_file};
  settings.watch = spec.watch;
  settings.watch_posts = spec.watch_posts;
  std::string error;
  auto text = read_secret_file(spec.credential_file, error);
  if (!text) {
    out.error = where + error;
    return out;
  }
  try {
    if (x) {
      auto creds = parse_x_credentials(*text, error);
      if (!creds) {
        out.error = where + error + " (" + spec.credential_file.string() + ")";
        return out;
      }
      auto store = x_token_store(state_dir, spec.id, *creds, *text);
      out.connector =
          std::make_unique<XConnector>(std::move(executor), std::move(settings), std::move(*creds),
                                       std::move(store), std::move(options));
      return out;
    }
    auto creds = parse_graph_credentials(*text, error);
    if (!creds) {
      out.error = where + error + " (" + spec.credential_file.string() + ")";
      return out;
    }
    if (*platform == moderation::Platform::facebook) {
      out.connector = std::make_unique<FacebookConnector>(std::move(executor), std::move(settings),
                                                          std::move(*creds), std::move(options));
      return out;
    }
    std::optional<InstagramLogin> login;
    if (spec.login == "instagram") {  // 60-day tokens, refreshed and kept under state_dir
      login.emplace();
      login->seed = credentials_seed(*text);
      login->store = std::make_shared<FileTokenStore>(
          token_store_file(state_dir, spec.id), spec.id,
          creds->app_secret.empty() ? creds->access_token : creds->app_secret, login->seed);
      login->file_written = file_time(spec.credential_file);
    }
    out.connector = std::make_unique<InstagramConnector>(std::move(executor), std::move(settings),
                                                         std::move(*creds), std::move(options),
                                                         std::move(login));
  } catch (const std::runtime_error& e) {  // e.g. an unreadable ca_file
    out.error = where + e.what();
  }
  return out;
}

}  // namespace hm::connectors
