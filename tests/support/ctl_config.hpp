// The config hallmonitorctl's store commands read in tests: one school, one Facebook channel,
// and the state folder the test's database lives in.
#pragma once

#include <string>

namespace hm::test {

inline std::string ctl_config(const std::string& state_dir) {
  return "[daemon]\nstate_dir = \"" + state_dir + "\"\n" + R"(
[filters]
dir = "filters"

[[school]]
id = "jh"
name = "Joseph Hood Primary School"

[[school.channel]]
id = "jh-facebook"
platform = "facebook"
account_id = "448242228374517"
credential = "jh-facebook"
)";
}

}  // namespace hm::test
