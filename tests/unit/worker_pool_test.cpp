// The worker pool behind sign-ins and audit-chain walks: work runs on another thread, the
// awaiting coroutine resumes on the io thread, jobs in flight are bounded, and a throwing job
// is reported rather than crashing the loop.
#include "daemon/worker_pool.hpp"

#include <doctest/doctest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <future>
#include <stdexcept>
#include <thread>

namespace asio = boost::asio;
using hm::daemon::WorkerPool;
using Kind = WorkerPool::Outcome::Kind;

TEST_CASE("work runs on a worker and the coroutine resumes on the io thread") {
  asio::io_context io;
  WorkerPool pool(2, 4);
  std::thread::id io_thread, work_thread, resumed_on;
  Kind kind = Kind::failed;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        io_thread = std::this_thread::get_id();
        std::function<void()> work = [&] { work_thread = std::this_thread::get_id(); };
        auto outcome = co_await pool.run(std::move(work));
        resumed_on = std::this_thread::get_id();
        kind = outcome.kind;
      },
      asio::detached);
  io.run_for(std::chrono::seconds(10));
  CHECK(kind == Kind::done);
  CHECK(work_thread != io_thread);
  CHECK(work_thread != std::thread::id{});
  CHECK(resumed_on == io_thread);
  CHECK(pool.in_flight() == 0);
}

TEST_CASE("past the bound a job is refused at once; room comes back when jobs end") {
  asio::io_context io;
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<Kind> kinds;
  auto job = [&]() -> asio::awaitable<void> {
    std::function<void()> work = [released] { released.wait(); };
    auto outcome = co_await pool.run(std::move(work));
    kinds.push_back(outcome.kind);
  };
  for (int i = 0; i < 3; ++i) asio::co_spawn(io, job(), asio::detached);
  // The third was refused without waiting for the two held on the latch.
  for (int i = 0; i < 100 && kinds.empty(); ++i) io.run_for(std::chrono::milliseconds(10));
  REQUIRE(kinds.size() == 1);
  CHECK(kinds[0] == Kind::full);
  CHECK(pool.in_flight() == 2);
  release.set_value();
  for (int i = 0; i < 1000 && kinds.size() < 3; ++i) io.run_for(std::chrono::milliseconds(10));
  CHECK(kinds == std::vector<Kind>{Kind::full, Kind::done, Kind::done});
  CHECK(pool.in_flight() == 0);
  asio::co_spawn(io, job(), asio::detached);
  for (int i = 0; i < 1000 && kinds.size() < 4; ++i) io.run_for(std::chrono::milliseconds(10));
  CHECK(kinds.back() == Kind::done);
}

TEST_CASE("a job that throws is reported as failed with its message") {
  asio::io_context io;
  WorkerPool pool(1, 1);
  WorkerPool::Outcome outcome;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        std::function<void()> work = [] { throw std::runtime_error("argon2 could not allocate"); };
        outcome = co_await pool.run(std::move(work));
      },
      asio::detached);
  io.run_for(std::chrono::seconds(10));
  CHECK(outcome.kind == Kind::failed);
  CHECK(outcome.error == "argon2 could not allocate");
  CHECK(pool.in_flight() == 0);
}

// As at the daemon's shutdown: the io loop has stopped, the pool goes first, then the loop.
TEST_CASE("the pool can be destroyed while a job is still queued") {
  asio::io_context io;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  {
    WorkerPool pool(1, 4);
    for (int i = 0; i < 2; ++i)
      asio::co_spawn(
          io,
          [&]() -> asio::awaitable<void> {
            std::function<void()> work = [released] { released.wait(); };
            co_await pool.run(std::move(work));
          },
          asio::detached);
    io.run_for(std::chrono::milliseconds(50));
    CHECK(pool.in_flight() == 2);
    release.set_value();  // the running job ends; the queued one is dropped by stop()
  }
  // Destroying io now destroys the two suspended coroutines without resuming them.
}
