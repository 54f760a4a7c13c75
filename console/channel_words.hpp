// A channel's state in words a head teacher would use, with what to do about it, for the Today
// page and the daily digest, so both say the same thing. Pure: no I/O.
//
// Error policy: total; an unknown state reads as "state unknown".
#pragma once

#include <string>
#include <string_view>

namespace hm::console {

// "stopped: the platform refused its access token or a permission, or a setting is wrong. Fix
// what it said and reload (see README)". `polled` is false
// for a configured channel the daemon could not start (its credential was unreadable).
std::string channel_words(std::string_view state, bool polled = true);

// Whether the state needs a person (stopped, or never started).
bool channel_needs_person(std::string_view state);

}  // namespace hm::console
