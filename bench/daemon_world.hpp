// What the daemon benches share (daemon_bench, trust_bench): a trust of schools, three channels
// each (Facebook, Instagram, X), set up on the emulator with the daemon's configuration and
// credential files; and a process's memory and CPU time read from /proc.
#pragma once

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/emulator_process.hpp"
#include "support/temp_dir.hpp"

namespace hm::bench {

using hm::test::EmulatorControl;
using hm::test::EmulatorProcess;
using hm::test::TempDir;
using nlohmann::json;

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); -1 when absent.
inline long status_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  return -1;
}

inline double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  std::istringstream f(stat.substr(stat.rfind(')') + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) f >> skip;  // fields 3..13
  long utime = 0, stime = 0;
  f >> utime >> stime;
  return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
}

struct Channel {
  std::string platform, username, post;
};

// `schools` schools' accounts and a post each on the emulator, their credential files, and the
// daemon's configuration (hallmonitor.toml in `dir`) with the given poll interval.
inline std::vector<Channel> make_trust(EmulatorProcess& emulator, EmulatorControl& control,
                                       TempDir& dir, int schools, int poll_seconds) {
  std::string config =
      "[daemon]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:0\"\n"
      "poll_interval = \"" +
      std::to_string(poll_seconds) + "s\"\ncredentials_dir = \"credentials\"\n[filters]\ndir = \"" +
      std::string(HM_SOURCE_DIR) + "/config/filters\"\n";
  std::vector<Channel> channels;
  for (int s = 0; s < schools; ++s) {
    const std::string n = std::to_string(s);
    config += "\n[[school]]\nid = \"school-" + n + "\"\n";
    for (std::string platform : {"facebook", "instagram", "x"}) {
      const std::string account = std::to_string(
          platform == "x" ? 500 + s : 17841400000000000LL + s * 10 + (platform == "facebook"));
      const std::string id = platform + "-" + n;
      json acct = {{"platform", platform},
                   {"account_id", account},
                   {"name", "School " + n},
                   {"username", "school" + n},
                   {"access_token", "tok-" + id}};
      json credential = {{"access_token", "tok-" + id}};
      if (platform == "x") {
        acct.update({{"refresh_token", "r-" + id},
                     {"client_id", "c-" + id},
                     {"client_secret", "s-" + id},
                     {"expires_in", 0}});
        credential.update(
            {{"client_id", "c-" + id}, {"client_secret", "s-" + id}, {"refresh_token", "r-" + id}});
      }
      control.post("/_emulator/accounts", acct);
      dir.write("credentials/" + id, credential.dump());
      config += "[[school.channel]]\nid = \"" + id + "\"\nplatform = \"" + platform +
                "\"\naccount_id = \"" + account + "\"\ncredential = \"" + id + "\"\napi_base = \"" +
                (platform == "x" ? emulator.x_base() : emulator.graph_base()) + "\"\nca_file = \"" +
                emulator.ca_file().string() + "\"\n";
      channels.push_back(
          {platform, "school" + n, control.add_post(platform, account, "Welcome back!")});
    }
  }
  dir.write("hallmonitor.toml", config);
  return channels;
}

}  // namespace hm::bench
