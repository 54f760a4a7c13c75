// A small pool of worker threads for work the io thread must not do (DESIGN.md §8): the Argon2
// hash of a sign-in, a walk of the audit chain. The io thread polls the platforms, hides
// comments and answers /healthz; one 64 MiB hash on it holds all of that up for ~70 ms, and a
// burst of sign-ins for seconds.
//
// A coroutine on the io thread awaits run(): the work runs on a worker and the coroutine
// resumes on its own executor (the io thread) afterwards. Jobs in flight (queued or running)
// are bounded: past the bound run() answers `full` at once, so a flood of requests is refused
// rather than queued without end.
//
// Error policy: an exception thrown by the work is caught on the worker and reported as
// `failed` with its message; nothing thrown by work reaches the io thread's loop. Destruction
// waits for the jobs already running (each is short) and drops those not yet started.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace hm::daemon {

class WorkerPool {
 public:
  struct Outcome {
    enum class Kind { done, failed, full };
    Kind kind = Kind::done;
    std::string error;  // what the work threw, when failed
  };

  // `threads` at least 1. `max_in_flight` at least 1: jobs queued or running at once.
  WorkerPool(std::size_t threads, std::size_t max_in_flight);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Call from the io thread only (the count of jobs in flight lives there). Pass a named
  // std::function (std::move(job)), never a lambda made in the co_await expression: GCC 12
  // destroys temporaries of a co_await full-expression twice (a double free seen in the daemon).
  boost::asio::awaitable<Outcome> run(std::function<void()>&& work);

  std::size_t in_flight() const noexcept { return in_flight_; }
  std::size_t max_in_flight() const noexcept { return max_in_flight_; }

 private:
  boost::asio::thread_pool pool_;
  std::size_t max_in_flight_;
  std::size_t in_flight_ = 0;
};

// Worker threads for this machine: one per core, at least 1 and at most 4, minus nothing for
// the io thread (it mostly waits on the network).
std::size_t default_worker_threads() noexcept;

}  // namespace hm::daemon
