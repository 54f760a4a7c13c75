// /healthz from a running hallmonitord as the admin's monitor reads it (with the metrics token),
// parsed: its status and JSON body, and one channel's entry. A body that is not JSON parses as
// `discarded`, so a check on it fails, never throws.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "support/daemon_process.hpp"
#include "support/http_client.hpp"

namespace hm::test {

// The bearer token the test worlds put in credentials/metrics-token ([console]
// metrics_credential): without it /healthz says only its state and /metrics answers 401.
inline constexpr std::string_view kTestMetricsToken = "test-metrics-token-0123456789";
inline const std::string kMetricsCredentialToml =
    "[console]\nmetrics_credential = \"metrics-token\"\n";

struct Health {
  int status = 0;
  nlohmann::json body;

  // The channel's {"id","state","message"}; an empty object when it is not listed.
  nlohmann::json channel(std::string_view id) const {
    if (body.is_object() && body.contains("channels"))
      for (const auto& c : body["channels"])
        if (c.value("id", "") == id) return c;
    return nlohmann::json::object();
  }
};

inline Health health(DaemonProcess& daemon) {
  auto r = http_request(daemon.http_port(), "GET", "/healthz", "",
                        {{"Authorization", "Bearer " + std::string(kTestMetricsToken)}});
  return {r.status, nlohmann::json::parse(r.body, nullptr, false)};
}

}  // namespace hm::test
