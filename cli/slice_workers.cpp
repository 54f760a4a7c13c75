#include "cli/slice_workers.hpp"

#include <sched.h>

#include <algorithm>

namespace hm::cli {

SliceWorkers::SliceWorkers(unsigned slices) {
  for (unsigned s = 1; s < std::max(slices, 1u); ++s)
    threads_.emplace_back([this, s] { serve(s); });
}

SliceWorkers::~SliceWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  started_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void SliceWorkers::serve(unsigned slice) {
  std::uint64_t served = 0;
  for (;;) {
    const std::function<void(unsigned)>* work = nullptr;
    {
      std::unique_lock lock(mutex_);
      started_.wait(lock, [&] { return stopping_ || batch_ != served; });
      if (stopping_) return;
      served = batch_;
      work = work_;
    }
    std::exception_ptr failed;
    try {
      (*work)(slice);
    } catch (...) {
      failed = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (failed && !failure_) failure_ = failed;
    if (--running_ == 0) finished_.notify_one();
  }
}

void SliceWorkers::run(const std::function<void(unsigned)>& work) {
  if (threads_.empty()) {
    work(0);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    work_ = &work;
    running_ = unsigned(threads_.size());
    failure_ = nullptr;
    ++batch_;
  }
  started_.notify_all();
  std::exception_ptr mine;
  try {
    work(0);
  } catch (...) {
    mine = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return running_ == 0; });
  work_ = nullptr;
  if (mine) std::rethrow_exception(mine);
  if (failure_) std::rethrow_exception(failure_);
}

unsigned default_classify_jobs() noexcept {
  // The cores this process may run on (taskset, a container's cpuset), not the machine's.
  cpu_set_t allowed;
  unsigned cores = 0;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) cores = unsigned(CPU_COUNT(&allowed));
  if (cores == 0) cores = std::thread::hardware_concurrency();
  return std::clamp(cores, 1u, 8u);
}

}  // namespace hm::cli
