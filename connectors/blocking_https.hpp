// One HTTPS request at a time, synchronously, for the command-line tools that talk to the
// platforms outside the daemon's loop (`hallmonitorctl connect`, `hallmonitord --check
// --online`): the connectors' HttpsClient (TLS verification, deadlines, size limits) on a
// private io_context, with no retries of a non-idempotent request.
//
// Error policy: an HTTP answer of any status is a result; a network or TLS failure throws
// NetworkError (its message names the host, never a secret); a bad CA file throws
// std::runtime_error.
#pragma once

#include <chrono>
#include <filesystem>

#include "connectors/http_message.hpp"
#include "connectors/https_client.hpp"

namespace hm::connectors {

HttpResponse blocking_request(HttpRequest request, const std::filesystem::path& ca_file,
                              std::chrono::seconds timeout = std::chrono::seconds{20});

}  // namespace hm::connectors
