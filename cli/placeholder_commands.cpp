// TEMPORARY (issue-3 branch only): stand-ins for the classify and filters commands that issue 2
// adds in cli/classify_command.cpp and cli/filters_command.cpp. Delete this file at merge.
#include "cli/commands.hpp"

namespace hm::cli {

void add_classify_command(CLI::App&, Runner&) {}
void add_filters_command(CLI::App&, Runner&) {}

}  // namespace hm::cli
