// One school's Facebook Page on the platform emulator, as hallmonitord's end-to-end tests use
// it: the emulator with the Page's account and one post, the Page's credential in the test's
// folder, and the config TOML that points the daemon at them. Each test adds its own tables.
#pragma once

#include <filesystem>
#include <string>

#include "support/deleting_policy.hpp"
#include "support/emulator_process.hpp"
#include "support/healthz.hpp"
#include "support/temp_dir.hpp"

namespace hm::test {

struct FacebookPageWorld {
  static constexpr const char* kPage = "448242228374517";

  TempDir dir;
  asio::io_context io;
  EmulatorProcess emulator;
  EmulatorControl control{io, emulator};
  std::string post;  // a post on the Page to comment on

  FacebookPageWorld() {
    control.post("/_emulator/accounts", {{"platform", "facebook"},
                                         {"account_id", kPage},
                                         {"name", "Joseph Hood"},
                                         {"access_token", "EAAB-test"}});
    post = control.add_post("facebook", kPage, "Sports day photos!");
    dir.write("credentials/jh-facebook", R"({"access_token":"EAAB-test"})");
    dir.write("credentials/metrics-token", std::string(kTestMetricsToken) + "\n");
  }

  // [daemon]: state and credentials in the test's folder, any free port, polls every second.
  static std::string daemon_toml() {
    return "[daemon]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:0\"\npoll_interval = \"1s\"\n"
           "credentials_dir = \"credentials\"\n";
  }

  // A config with the shipped rules, copied into the test's folder so a test can break them,
  // and the school; returns its path.
  std::filesystem::path config_with_shipped_filters() {
    std::filesystem::copy(std::filesystem::path(HM_SOURCE_DIR) / "config" / "filters",
                          dir.path() / "filters", std::filesystem::copy_options::recursive);
    return dir.write("hallmonitor.toml", daemon_toml() + "[filters]\ndir = \"filters\"\n" +
                                             school_toml() + kMetricsCredentialToml);
  }

  // The school "joseph-hood" with the Page as its one channel; its policy proposes deletions
  // (the tests approve and reject them).
  std::string school_toml() const {
    return "[[school]]\nid = \"joseph-hood\"\n" + std::string(kProposeDeletionsToml) +
           "[[school.channel]]\nid = \"jh-facebook\"\n"
           "platform = \"facebook\"\naccount_id = \"" +
           std::string(kPage) + "\"\ncredential = \"jh-facebook\"\napi_base = \"" +
           emulator.graph_base() + "\"\nca_file = \"" + emulator.ca_file().string() + "\"\n";
  }
};

}  // namespace hm::test
