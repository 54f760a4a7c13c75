// Runs one job split into slices on several threads at once, for `hallmonitorctl classify
// --jobs N`: each batch of input lines is cut into N slices, slice 0 on the calling thread and
// the others on N - 1 threads kept for the whole run. Kept, not started per batch, because the
// filters' per-thread caches (the normal forms' buffers, the wide patterns' potentials) warm up
// over thousands of comments and would be lost with each thread.
//
// Error policy: an exception thrown by a slice is caught on its thread and rethrown by run() on
// the calling thread, after every slice of the batch has finished (so no slice still touches
// the caller's data). Destruction stops and joins the threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hm::cli {

class SliceWorkers {
 public:
  // `slices` at least 1; 1 runs everything on the calling thread and starts no thread.
  explicit SliceWorkers(unsigned slices);
  ~SliceWorkers();
  SliceWorkers(const SliceWorkers&) = delete;
  SliceWorkers& operator=(const SliceWorkers&) = delete;

  unsigned slices() const noexcept { return unsigned(threads_.size()) + 1; }

  // Calls work(s) once for each slice s in [0, slices()), at the same time, and returns when
  // all have returned. Not reentrant: call from one thread.
  void run(const std::function<void(unsigned slice)>& work);

 private:
  void serve(unsigned slice);

  std::mutex mutex_;
  std::condition_variable started_, finished_;
  const std::function<void(unsigned)>* work_ = nullptr;
  std::uint64_t batch_ = 0;  // bumped by run(): a thread serves each batch once
  unsigned running_ = 0;     // slices of this batch on the kept threads not yet finished
  bool stopping_ = false;
  std::exception_ptr failure_;  // the first exception a kept thread's slice threw
  std::vector<std::thread> threads_;
};

// --jobs 0: one slice per core this process may use, at most 8.
unsigned default_classify_jobs() noexcept;

}  // namespace hm::cli
