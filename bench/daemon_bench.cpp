// hallmonitord under a school trust's load: 3 schools × 3 channels on the emulator. Prints idle
// RSS and CPU, then hide latency (comment appears on the platform → hidden) p50/p99 for harmful
// comments posted at random moments, then RSS after each of a few SIGHUP reloads (a reload must
// not leave the heap larger each time).
//
//   build/bench/daemon_bench [--idle-seconds N] [--comments N] [--reloads N]
#include <algorithm>
#include <cstdio>
#include <random>
#include <thread>

#include "daemon_world.hpp"
#include "support/daemon_process.hpp"

using namespace hm::test;
using namespace hm::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int idle_seconds = 30, comments = 60, reloads = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--idle-seconds") idle_seconds = std::stoi(argv[i + 1]);
    if (a == "--comments") comments = std::stoi(argv[i + 1]);
    if (a == "--reloads") reloads = std::stoi(argv[i + 1]);
  }
  TempDir dir;
  asio::io_context io;
  EmulatorProcess emulator;
  EmulatorControl control(io, emulator);
  const std::vector<Channel> channels = make_trust(emulator, control, dir, 3, 2);
  const auto cfg = dir.path() / "hallmonitor.toml";
  DaemonProcess daemon(cfg, dir.path() / "daemon.log");
  pid_t pid = daemon.pid();

  std::this_thread::sleep_for(std::chrono::seconds(3));  // first polls done
  double cpu0 = cpu_seconds(pid);
  auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
  double idle_cpu =
      (cpu_seconds(pid) - cpu0) / std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("3 schools x 3 channels, poll interval 2 s\n");
  std::printf("idle: RSS %.1f MiB, CPU %.2f %% of one core over %d s\n",
              status_kib(pid, "VmRSS") / 1024.0, idle_cpu * 100, idle_seconds);

  std::mt19937 rng(7);
  std::vector<double> latencies;
  for (int i = 0; i < comments; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 600));
    const Channel& ch = channels[rng() % channels.size()];
    std::string text = ch.platform == "x" ? "@school0 f*ck this school " + std::to_string(i)
                                          : "f*ck this school " + std::to_string(i);
    auto posted = Clock::now();
    std::string id = control.add_comment(ch.platform, ch.post, text, std::to_string(9000 + i));
    while (Clock::now() - posted < std::chrono::seconds(30)) {
      if (control.comment(id).value("hidden", false)) {
        latencies.push_back(std::chrono::duration<double>(Clock::now() - posted).count());
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? -1.0 : latencies[std::size_t(p * (latencies.size() - 1))];
  };
  std::printf("hide latency over %zu of %d harmful comments: p50 %.2f s, p99 %.2f s, max %.2f s\n",
              latencies.size(), comments, pct(0.5), pct(0.99),
              latencies.empty() ? -1.0 : latencies.back());
  std::printf("after the burst: RSS %.1f MiB\n", status_kib(pid, "VmRSS") / 1024.0);
  for (int i = 1; i <= reloads; ++i) {
    daemon.signal(SIGHUP);
    auto asked = Clock::now();
    while (count_of(daemon.log_text(), "reloaded from") < std::size_t(i) &&
           Clock::now() - asked < std::chrono::seconds(30))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const double took = std::chrono::duration<double>(Clock::now() - asked).count();
    // The daemon logs the reload, then frees the old rule book and trims the heap: read RSS a
    // second later, or the figure is sometimes taken before the trim (60 or 105 MiB at random).
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::printf("after reload %d: RSS %.1f MiB (reload took %.2f s)\n", i,
                status_kib(pid, "VmRSS") / 1024.0, took);
  }
  daemon.signal(SIGTERM);
  std::printf("SIGTERM: exit %d\n", daemon.wait_exit(std::chrono::seconds(10)));
  return 0;
}
