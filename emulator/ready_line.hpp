// The emulator's ready line: the one line hallmonitor-emulator writes to stdout once it listens,
// {"port":N,"ca_file":"/abs/path/ca.pem"} (keys in this order, then '\n', then nothing more
// on stdout). Whoever starts the emulator reads it to learn the port it bound (it is started
// with --listen 127.0.0.1:0) and the CA certificate to trust. The protocol is described once,
// in emulator/README.md ("Starting it"); the emulator prints the line with format_ready_line,
// the C++ launcher (emulator/launcher.hpp) and the browser harness (tests/browser/harness.js)
// read it.
//
// Error policy: parse_ready_line never throws; a line that is not that shape is an error
// message quoting what was wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "moderation/expected.hpp"

namespace hm::emulator {

struct ReadyLine {
  std::uint16_t port = 0;
  std::filesystem::path ca_file;
};

std::string format_ready_line(const ReadyLine& ready);  // without the trailing '\n'
Expected<ReadyLine, std::string> parse_ready_line(std::string_view line);

}  // namespace hm::emulator
