// Connector bench against hallmonitor-emulator: API calls per poll in steady state (target: 1
// per channel when nothing is new) and the time to fetch 10,000 new comments, per connector.
//
//   ninja -C build connector_bench hallmonitor-emulator
//   build/bench/connector_bench [--comments 10000]
//
// Starts its own emulator (path compiled in), prints a table, exits 0.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "connectors/facebook_connector.hpp"
#include "connectors/instagram_connector.hpp"
#include "connectors/x_connector.hpp"
#include "support/emulator_process.hpp"

using namespace hm::connectors;
using hm::test::EmulatorControl;
using hm::test::EmulatorProcess;
using hm::test::run_sync;

namespace {

struct Figures {
  int first_poll_calls = 0;
  std::size_t fetched = 0;
  double fetch_seconds = 0;
  double steady_calls_per_poll = 0;
  double steady_poll_ms = 0;
};

template <class Make>
Figures measure(boost::asio::io_context& io, EmulatorControl& control, Make make,
                const std::string& platform, const std::string& account, int comments) {
  // Comments spread over 20 posts, with distinct past timestamps (as on a real Page).
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::vector<std::string> posts;
  for (int p = 0; p < 20; ++p)
    posts.push_back(
        control.add_post(platform, account, "post " + std::to_string(p), now - 90'000 + p));
  for (int i = 0; i < comments; ++i)
    control.add_comment(platform, posts[static_cast<std::size_t>(i) % posts.size()],
                        "comment number " + std::to_string(i), std::to_string(10'000 + i % 97), {},
                        now - 80'000 + i * 2);
  auto connector = make();
  const auto start = std::chrono::steady_clock::now();
  auto first = run_sync(io, connector->fetch(""), std::chrono::seconds{600});
  Figures f;
  f.fetch_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (first.status != FetchStatus::ok) {
    std::fprintf(stderr, "%s: first poll failed: %s\n", platform.c_str(), first.message.c_str());
    std::exit(1);
  }
  f.first_poll_calls = first.api_calls;
  f.fetched = first.comments.size();
  Cursor cursor = first.next_cursor;
  constexpr int kPolls = 20;
  int calls = 0;
  const auto steady_start = std::chrono::steady_clock::now();
  for (int i = 0; i < kPolls; ++i) {
    auto r = run_sync(io, connector->fetch(cursor));
    if (r.status != FetchStatus::ok || !r.comments.empty()) {
      std::fprintf(stderr, "%s: steady poll not quiet\n", platform.c_str());
      std::exit(1);
    }
    calls += r.api_calls;
    cursor = r.next_cursor;
  }
  f.steady_poll_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - steady_start)
          .count() /
      kPolls;
  f.steady_calls_per_poll = double(calls) / kPolls;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int comments = 10'000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--comments") == 0) comments = std::atoi(argv[i + 1]);
  EmulatorProcess emulator;
  boost::asio::io_context io;
  EmulatorControl control(io, emulator);
  ConnectorOptions options;
  options.timeout = std::chrono::seconds{30};

  auto channel = [&](const std::string& base, const std::string& account) {
    ChannelSettings c;
    c.channel_id = "bench";
    c.account_id = account;
    c.api_base = *parse_https_url(base);
    c.ca_file = emulator.ca_file();
    return c;
  };
  control.post("/_emulator/accounts", {{"platform", "facebook"},
                                       {"account_id", "100"},
                                       {"access_token", "fb"},
                                       {"call_budget", 1000000}});
  control.post("/_emulator/accounts", {{"platform", "instagram"},
                                       {"account_id", "200"},
                                       {"access_token", "ig"},
                                       {"call_budget", 1000000}});
  control.post("/_emulator/accounts", {{"platform", "x"},
                                       {"account_id", "300"},
                                       {"username", "school"},
                                       {"access_token", "xa"},
                                       {"refresh_token", "xr"},
                                       {"client_id", "c"},
                                       {"client_secret", "s"}});

  std::printf(
      "connector  first-poll-calls  fetched  fetch-seconds  comments/s  steady-calls/poll  "
      "steady-ms/poll\n");
  auto print = [](const char* name, const Figures& f) {
    std::printf("%-9s  %16d  %7zu  %13.2f  %10.0f  %17.2f  %14.2f\n", name, f.first_poll_calls,
                f.fetched, f.fetch_seconds, double(f.fetched) / f.fetch_seconds,
                f.steady_calls_per_poll, f.steady_poll_ms);
  };
  print("facebook", measure(
                        io, control,
                        [&] {
                          return std::make_unique<FacebookConnector>(
                              io.get_executor(), channel(emulator.graph_base(), "100"),
                              GraphCredentials{"fb"}, options);
                        },
                        "facebook", "100", comments));
  print("instagram", measure(
                         io, control,
                         [&] {
                           return std::make_unique<InstagramConnector>(
                               io.get_executor(), channel(emulator.graph_base(), "200"),
                               GraphCredentials{"ig"}, options);
                         },
                         "instagram", "200", comments));
  print("x", measure(
                 io, control,
                 [&] {
                   return std::make_unique<XConnector>(
                       io.get_executor(), channel(emulator.x_base(), "300"),
                       XCredentials{"c", "s", "xr", ""}, std::make_shared<MemoryTokenStore>(),
                       options);
                 },
                 "x", "300", comments));
  return 0;
}
