#include "connectors/channel_settings.hpp"

namespace hm::connectors {

WallClock system_wall_clock() {
  return [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
}

HttpsClientOptions client_options(const ChannelSettings& channel, const ConnectorOptions& options) {
  HttpsClientOptions o;
  o.host = std::string(channel.api_base.host());
  o.port = channel.api_base.has_port() ? std::string(channel.api_base.port()) : "443";
  o.ca_file = channel.ca_file;
  o.timeout = options.timeout;
  o.backoff = options.backoff;
  o.random = options.random;
  o.body_limit = options.response_body_limit;
  return o;
}

}  // namespace hm::connectors
