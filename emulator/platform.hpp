// The three emulated platforms: hallmonitor's own Platform type and its one name parser
// (moderation/types.hpp), so the control API accepts exactly the names the daemon does.
//
// Error policy: parse_platform returns an error message for an unknown name; nothing throws.
#pragma once

#include "moderation/types.hpp"

namespace hm::emulator {

using moderation::parse_platform;
using moderation::Platform;
using moderation::to_string;

}  // namespace hm::emulator
