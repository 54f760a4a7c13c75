#include "daemon/worker_pool.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>
#include <thread>

namespace hm::daemon {

namespace asio = boost::asio;

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_in_flight)
    : pool_(std::max<std::size_t>(1, threads)),
      max_in_flight_(std::max<std::size_t>(1, max_in_flight)) {}

WorkerPool::~WorkerPool() {
  pool_.stop();
  pool_.join();
}

asio::awaitable<WorkerPool::Outcome> WorkerPool::run(std::function<void()>&& work) {
  if (in_flight_ >= max_in_flight_) co_return Outcome{Outcome::Kind::full, {}};
  ++in_flight_;
  // Posted by hand both ways: the work to a worker, then the completion back to this
  // coroutine's executor (the io thread), so the coroutine never resumes on a worker, where it
  // would share the store's connection with the io thread.
  // Every object here is named: GCC 12 destroys temporaries of a co_await full-expression
  // twice (a double free in the daemon, with a lambda temporary holding a path).
  const auto home = co_await asio::this_coro::executor;
  auto initiation = [this, home, job = std::move(work)](auto handler) mutable {
    asio::post(pool_, [home, job = std::move(job), handler = std::move(handler)]() mutable {
      Outcome done;
      try {
        job();
      } catch (const std::exception& e) {
        done = Outcome{Outcome::Kind::failed, e.what()};
      } catch (...) {
        done = Outcome{Outcome::Kind::failed, "unknown exception"};
      }
      job = nullptr;  // the work's captures go here, on the worker, not on the io thread
      asio::post(home, [handler = std::move(handler), done = std::move(done)]() mutable {
        std::move(handler)(std::move(done));
      });
    });
  };
  auto operation = asio::async_initiate<decltype(asio::use_awaitable), void(Outcome)>(
      std::move(initiation), asio::use_awaitable);
  Outcome outcome = co_await std::move(operation);
  --in_flight_;
  co_return outcome;
}

std::size_t default_worker_threads() noexcept {
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
}

}  // namespace hm::daemon
