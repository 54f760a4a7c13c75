#include "daemon/connector_factory.hpp"

#include "connectors/credentials.hpp"
#include "connectors/facebook_connector.hpp"
#include "connectors/instagram_connector.hpp"
#include "connectors/token_store.hpp"
#include "connectors/x_connector.hpp"
#include "daemon/credentials.hpp"

namespace hm::daemon {

std::string default_api_base(std::string_view platform) {
  if (platform == "x") return "https://api.x.com/2";
  return "https://graph.facebook.com/v25.0";  // Facebook Pages and Instagram (Facebook Login)
}

std::variant<std::shared_ptr<connectors::Connector>, std::string> make_connector(
    boost::asio::any_io_executor executor, const config::Config& cfg,
    const config::Channel& channel) {
  auto where = find_credential(cfg, channel);
  if (where.problem) return where.problem->str();
  std::string error;
  auto secret = connectors::read_secret_file(*where.file, error);
  if (!secret) return "channel '" + channel.id + "': " + error;

  connectors::ChannelSettings settings;
  settings.channel_id = channel.id;
  settings.account_id = channel.account_id;
  std::string base =
      channel.api_base.empty() ? default_api_base(channel.platform) : channel.api_base;
  auto parsed = boost::urls::parse_absolute_uri(base);
  if (!parsed || parsed->scheme() != "https")
    return "channel '" + channel.id + "': api_base must be an https:// URL, got '" + base + "'";
  settings.api_base = boost::urls::url(*parsed);
  settings.ca_file = channel.ca_file;

  if (channel.platform == "x") {
    auto creds = connectors::parse_x_credentials(*secret, error);
    if (!creds)
      return "channel '" + channel.id + "': credential " + where.file->string() + ": " + error;
    // Rotated refresh tokens live in the state directory (the credentials are read-only),
    // encrypted with a key derived from the client secret.
    auto tokens = std::make_shared<connectors::FileTokenStore>(
        cfg.daemon.state_dir / "tokens" / (channel.id + ".tokens"), channel.id,
        creds->client_secret);
    return std::shared_ptr<connectors::Connector>(std::make_shared<connectors::XConnector>(
        executor, std::move(settings), std::move(*creds), std::move(tokens)));
  }
  auto creds = connectors::parse_graph_credentials(*secret, error);
  if (!creds)
    return "channel '" + channel.id + "': credential " + where.file->string() + ": " + error;
  if (channel.platform == "instagram")
    return std::shared_ptr<connectors::Connector>(std::make_shared<connectors::InstagramConnector>(
        executor, std::move(settings), std::move(*creds)));
  return std::shared_ptr<connectors::Connector>(std::make_shared<connectors::FacebookConnector>(
      executor, std::move(settings), std::move(*creds)));
}

}  // namespace hm::daemon
