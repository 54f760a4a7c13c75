#include "emulator/launcher.hpp"

#include <stdexcept>

namespace hm::emulator {
namespace fs = std::filesystem;

EmulatorProcess::EmulatorProcess(LaunchOptions options)
    : log_(options.log.empty() ? options.state_dir.parent_path() / "emulator.log" : options.log) {
  process::ChildOptions child;
  child.argv = {options.binary.string(), "--listen", "127.0.0.1:0", "--state-dir",
                options.state_dir.string()};
  child.argv.insert(child.argv.end(), options.extra_args.begin(), options.extra_args.end());
  child.log = log_;
  child.out = process::Stdout::pipe;
  child.parent_death_signal = options.parent_death_signal;
  child_ = std::make_unique<process::ChildProcess>(std::move(child));
  const auto line = child_->read_line(options.ready_within);
  const auto failed = [&](const std::string& why) {
    return std::runtime_error(options.binary.string() + " " + why + "; its log (" + log_.string() +
                              ") ends:\n" + process::tail_of_file(log_));
  };
  if (!line && child_->stdout_closed())
    throw failed("exited before it was ready (exit status " +
                 std::to_string(child_->wait_exit(std::chrono::seconds(2))) + ")");
  if (!line)
    throw failed("printed no ready line within " + std::to_string(options.ready_within.count()) +
                 " s");
  auto ready = parse_ready_line(*line);
  if (!ready) throw failed("printed " + ready.error());
  line_ = *line;
  ready_ = *ready;
}

std::optional<fs::path> find_emulator(const fs::path& daemon_binary) {
  for (const fs::path& candidate :
       {daemon_binary.parent_path() / "hallmonitor-emulator", fs::path(kPackagedEmulator)}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return fs::weakly_canonical(candidate, ec);
  }
  return std::nullopt;
}

}  // namespace hm::emulator
