// hallmonitord: the moderation daemon. See README.md and DESIGN.md §7, §9.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "daemon/service.hpp"

int main(int argc, char** argv) {
  CLI::App app{"hallmonitord: moderates schools' official social media channels"};
  std::string config = "/etc/hallmonitor/hallmonitor.toml";
  bool check = false;
  app.add_option("--config", config, "configuration file")->capture_default_str();
  app.add_flag("--check", check,
               "validate config, filters and credentials, then exit (0 ok, 2 problems)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (check) return hm::daemon::check_config(config);
    return hm::daemon::run_service({config});
  } catch (const std::exception& e) {
    // Only infrastructure failures reach here (out of memory, a bug).
    std::cerr << "<2>hallmonitord: " << e.what() << "\n";
    return 1;
  }
}
