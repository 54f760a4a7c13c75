// SliceWorkers (cli/slice_workers.hpp): every slice of every batch runs once, on threads kept
// for the whole run, and a slice's exception reaches the caller after the batch has finished.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "cli/slice_workers.hpp"

using hm::cli::SliceWorkers;

TEST_CASE("slice workers: each slice of each batch runs once, slice 0 on the caller") {
  SliceWorkers workers(3);
  REQUIRE(workers.slices() == 3);
  std::vector<std::set<std::thread::id>> threads_of(3);
  for (int batch = 0; batch < 200; ++batch) {
    std::vector<int> runs(3, 0);
    std::vector<std::thread::id> ran_on(3);
    workers.run([&](unsigned s) {
      ++runs[s];  // each slice writes only its own element
      ran_on[s] = std::this_thread::get_id();
    });
    CHECK(runs == std::vector<int>{1, 1, 1});
    CHECK(ran_on[0] == std::this_thread::get_id());
    for (unsigned s = 0; s < 3; ++s) threads_of[s].insert(ran_on[s]);
  }
  // The same kept threads served every batch: one thread per slice, all different.
  CHECK(threads_of[1].size() == 1);
  CHECK(threads_of[2].size() == 1);
  CHECK(*threads_of[1].begin() != *threads_of[2].begin());
  CHECK(*threads_of[1].begin() != std::this_thread::get_id());
}

TEST_CASE("slice workers: one slice starts no thread") {
  SliceWorkers workers(1);
  CHECK(workers.slices() == 1);
  std::thread::id ran_on;
  workers.run([&](unsigned s) {
    CHECK(s == 0);
    ran_on = std::this_thread::get_id();
  });
  CHECK(ran_on == std::this_thread::get_id());
  CHECK(SliceWorkers(0).slices() == 1);  // no slices at all is one
}

TEST_CASE("slice workers: a slice's exception is rethrown after the whole batch finished") {
  SliceWorkers workers(4);
  std::atomic<int> finished{0};
  auto throwing = [&](unsigned s) {
    if (s == 2) throw std::runtime_error("slice 2 failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++finished;
  };
  CHECK_THROWS_WITH_AS(workers.run(throwing), "slice 2 failed", std::runtime_error);
  CHECK(finished == 3);  // the other slices ran to the end before run() returned
  // The caller's own slice failing is rethrown too, and the workers go on serving batches.
  CHECK_THROWS_AS(workers.run([](unsigned s) {
    if (s == 0) throw std::logic_error("slice 0");
  }),
                  std::logic_error);
  std::atomic<int> ran{0};
  workers.run([&](unsigned) { ++ran; });
  CHECK(ran == 4);
}

TEST_CASE("slice workers: the default job count is at least one and at most eight") {
  const unsigned jobs = hm::cli::default_classify_jobs();
  CHECK(jobs >= 1);
  CHECK(jobs <= 8);
}
