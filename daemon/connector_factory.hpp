// Builds each configured channel's connector from its config and its credential file.
//
// Error policy: a missing, unreadable or malformed credential, or a bad api_base, is an error
// for that channel only (returned as a message that never holds the secret); the daemon runs
// the other channels.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "connectors/connector.hpp"
#include "daemon/config.hpp"

namespace hm::daemon {

// The platform's real endpoint when the config names none.
std::string default_api_base(std::string_view platform);

std::variant<std::shared_ptr<connectors::Connector>, std::string> make_connector(
    boost::asio::any_io_executor executor, const config::Config& cfg,
    const config::Channel& channel);

}  // namespace hm::daemon
