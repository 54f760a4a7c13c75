// hallmonitorctl sub-commands. Each lives in its own file and registers itself here.
//
// Error policy: a command returns its process exit code (0 ok, 1 runtime failure, 2 bad
// config or usage); expected failures are printed to stderr, never thrown past main.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace hm::cli {

// Set by the chosen sub-command's callback; main() runs it after parsing.
using Runner = std::function<int()>;

void add_classify_command(CLI::App& app, Runner& run);
void add_learn_command(CLI::App& app, Runner& run);
void add_backtest_command(CLI::App& app, Runner& run);
void add_filters_command(CLI::App& app, Runner& run);
void add_erase_author_command(CLI::App& app, Runner& run);
void add_compact_command(CLI::App& app, Runner& run);
void add_evidence_command(CLI::App& app, Runner& run);
void add_user_command(CLI::App& app, Runner& run);
void add_token_command(CLI::App& app, Runner& run);
void add_connect_command(CLI::App& app, Runner& run);

}  // namespace hm::cli
