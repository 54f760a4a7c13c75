#include "emulator/ready_line.hpp"

#include <nlohmann/json.hpp>

namespace hm::emulator {

std::string format_ready_line(const ReadyLine& ready) {
  // nlohmann::json sorts object keys; the protocol promises "port" first, so build it by hand.
  return "{\"port\":" + std::to_string(ready.port) + ",\"ca_file\":" +
         nlohmann::json(ready.ca_file.string())
             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "}";
}

Expected<ReadyLine, std::string> parse_ready_line(std::string_view line) {
  const auto j = nlohmann::json::parse(line, nullptr, false);
  const auto bad = [&](const std::string& why) {
    return unexpected("not a ready line (" + why + "): " + std::string(line.substr(0, 200)));
  };
  if (!j.is_object()) return bad("not a JSON object");
  if (!j.contains("port") || !j["port"].is_number_unsigned()) return bad("no port");
  const auto port = j["port"].get<std::uint64_t>();
  if (port == 0 || port > 65535) return bad("port out of range");
  if (!j.contains("ca_file") || !j["ca_file"].is_string()) return bad("no ca_file");
  return ReadyLine{static_cast<std::uint16_t>(port), j["ca_file"].get<std::string>()};
}

}  // namespace hm::emulator
