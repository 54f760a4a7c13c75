#include "console/channel_words.hpp"

namespace hm::console {

std::string channel_words(std::string_view state, bool polled) {
  if (!polled)
    return "not running: its access token could not be read. Put the credential file in place "
           "and reload hallmonitor (see README)";
  if (state == "starting") return "starting";
  if (state == "polling") return "working";
  if (state == "backing_off")
    return "having trouble reaching the platform; it keeps trying by itself";
  if (state == "rate_limited")
    return "waiting: the platform asked it to slow down; it carries on by itself";
  if (state == "stopped")
    return "stopped: the platform refused its access token or a permission, or a setting is "
           "wrong. Fix what it said and reload (see README)";
  return "state unknown";
}

bool channel_needs_person(std::string_view state) {
  return state == "stopped";
}

}  // namespace hm::console
