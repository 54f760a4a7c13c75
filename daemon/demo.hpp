// hallmonitord --demo: hallmonitor moderating one school's Facebook, Instagram and X channels,
// all served by the platform emulator on 127.0.0.1, with a scripted stream of realistic
// comments. Everything lives in a fresh temporary folder; nothing outside it is touched.
//
// Error policy: a missing emulator binary or filter rules, or an emulator that does not start,
// is reported with what was looked for (exit 1). Once running it behaves as the daemon does.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>

namespace hm::daemon {

int run_demo(const std::filesystem::path& self, std::optional<std::chrono::seconds> duration);

}  // namespace hm::daemon
