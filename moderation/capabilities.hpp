// What each platform's API lets hallmonitor do to a comment or its author (PLATFORMS.md §2.1).
//
// Error policy: pure lookups; nothing here fails.
#pragma once

#include <string>

#include "moderation/types.hpp"

namespace hm::moderation {

struct Capabilities {
  bool hide = false;  // and unhide
  bool delete_others_comment = false;
  bool block = false;
  bool reply = false;  // a self-serve API call can post the reply
};

Capabilities capabilities(Platform p) noexcept;

// Whether the executor can run `kind` through the platform's API. Escalation is internal
// (a notification to the safeguarding lead), so every platform "can" escalate.
bool can_automate(Platform p, ActionKind kind) noexcept;

// Step-by-step text for a moderator doing by hand what the API cannot do.
std::string manual_instructions(Platform p, ActionKind kind);

}  // namespace hm::moderation
