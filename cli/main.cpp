#include <exception>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"hallmonitorctl: operate and inspect hallmonitor"};
  app.require_subcommand(1);
  hm::cli::Runner run;
  hm::cli::add_classify_command(app, run);
  hm::cli::add_learn_command(app, run);
  hm::cli::add_backtest_command(app, run);
  hm::cli::add_filters_command(app, run);
  hm::cli::add_erase_author_command(app, run);
  hm::cli::add_compact_command(app, run);
  hm::cli::add_evidence_command(app, run);
  hm::cli::add_user_command(app, run);
  hm::cli::add_token_command(app, run);
  hm::cli::add_connect_command(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return run ? run() : 2;
  } catch (const std::exception& e) {
    std::cerr << "hallmonitorctl: " << e.what() << "\n";
    return 1;
  }
}
