// hallmonitord under a sign-in flood (issue 14): failed sign-ins at a steady rate, each from its
// own loopback address and for its own user name so that the throttle lets every one reach the
// password check (the worst case for the daemon: one Argon2 hash each), while /healthz is
// polled and harmful comments are posted on the emulated Page. Prints how the sign-ins were
// answered, /healthz's latency, and the time from posting a harmful comment to its hiding
// beside the poll interval.
//
//   build/bench/signin_flood [--rate N] [--seconds N]
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"

using namespace hm::test;
using Clock = std::chrono::steady_clock;
using tcp = boost::asio::ip::tcp;

namespace {

// One request on its own connection from `source`; the status code, or 0 when it failed.
int exchange(unsigned short port, const std::string& source, const std::string& request) {
  boost::asio::io_context io;
  tcp::socket s(io);
  boost::system::error_code ec;
  s.open(tcp::v4(), ec);
  s.bind({boost::asio::ip::make_address(source), 0}, ec);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return 0;
  boost::asio::write(s, boost::asio::buffer(request), ec);
  std::string out;
  char buf[2048];
  while (!ec && out.find("\r\n") == std::string::npos)
    out.append(buf, s.read_some(boost::asio::buffer(buf), ec));
  return out.size() > 12 ? std::atoi(out.c_str() + 9) : 0;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[std::size_t(p * double(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  int rate = 200, seconds = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--rate") rate = std::stoi(argv[i + 1]);
    if (a == "--seconds") seconds = std::stoi(argv[i + 1]);
  }
  FacebookPageWorld world;  // polls every second
  auto cfg = world.config_with_shipped_filters();
  DaemonProcess daemon(cfg, world.dir.path() / "daemon.log");
  const unsigned short port = daemon.http_port();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // first polls done

  std::atomic<bool> done{false};
  std::mutex m;
  std::map<int, int> answers;  // status → count
  std::vector<double> health_ms;

  std::thread flood([&] {
    const auto gap = std::chrono::microseconds(1'000'000 / std::max(1, rate));
    auto next = Clock::now();
    std::vector<std::thread> inflight;
    for (long n = 0; !done; ++n) {
      next += gap;
      std::this_thread::sleep_until(next);
      const std::string source =
          "127.0." + std::to_string(1 + n / 250 % 250) + "." + std::to_string(2 + n % 250);
      const std::string body =
          R"({"username":"user)" + std::to_string(n) + R"(","password":"not the password"})";
      const std::string request =
          "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      inflight.emplace_back([&, source, request] {
        const int status = exchange(port, source, request);
        std::lock_guard lock(m);
        ++answers[status];
      });
      if (inflight.size() >= 400) {  // bounded: join the oldest half
        for (std::size_t i = 0; i < 200; ++i) inflight[i].join();
        inflight.erase(inflight.begin(), inflight.begin() + 200);
      }
    }
    for (auto& t : inflight) t.join();
  });
  std::thread healthz([&] {
    const std::string request =
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    while (!done) {
      auto t0 = Clock::now();
      exchange(port, "127.0.0.1", request);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      {
        std::lock_guard lock(m);
        health_ms.push_back(ms);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });

  std::vector<double> hide_s;
  int posted_count = 0;
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  for (int i = 0; Clock::now() < end; ++i) {
    auto posted = Clock::now();
    ++posted_count;
    std::string id = world.control.add_comment(
        "facebook", world.post, "f*ck this school " + std::to_string(i), std::to_string(9000 + i));
    while (Clock::now() - posted < std::chrono::seconds(15)) {
      if (world.control.comment(id).value("hidden", false)) {
        hide_s.push_back(std::chrono::duration<double>(Clock::now() - posted).count());
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  done = true;
  flood.join();
  healthz.join();

  std::printf("sign-in flood: %d failed sign-ins/s for %d s, each from its own address and name\n",
              rate, seconds);
  int total = 0;
  for (auto [status, count] : answers) total += count;
  std::printf("sign-ins answered: %d", total);
  for (auto [status, count] : answers) std::printf(", %d x %d", count, status);
  std::printf(
      "  (401 wrong password after a hash; 429 throttled; 503 workers busy; 0 no answer)\n");
  std::printf("/healthz latency over %zu requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
              health_ms.size(), percentile(health_ms, 0.5), percentile(health_ms, 0.99),
              health_ms.empty() ? -1.0 : *std::max_element(health_ms.begin(), health_ms.end()));
  std::printf(
      "hide latency, poll interval 1 s, %zu of %d harmful comments hidden: p50 %.2f s, p99 %.2f "
      "s, max %.2f s\n",
      hide_s.size(), posted_count, percentile(hide_s, 0.5), percentile(hide_s, 0.99),
      hide_s.empty() ? -1.0 : *std::max_element(hide_s.begin(), hide_s.end()));
  daemon.signal(SIGTERM);
  daemon.wait_exit(std::chrono::seconds(10));
  return 0;
}
