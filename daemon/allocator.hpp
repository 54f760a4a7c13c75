// The daemon's malloc settings, in one place: hallmonitord's main sets them first thing, and the
// benches that time the daemon's store path (bench/store_bench) set the same, so that they
// measure what the daemon does.
//
// Error policy: mallopt's refusals are ignored; the defaults are only slower or larger.
#pragma once

#include <malloc.h>

namespace hm::daemon {

inline void tune_allocator() {
  // One malloc arena: a reload compiles the new rule book on another thread, and in a second
  // arena the old one's freed pages are not reused by it (bench/daemon_bench, 39 MiB idle: 56
  // MiB after one reload with per-thread arenas, 50 with one; 53 after three). The daemon's
  // threads are few and rarely allocate at once.
  mallopt(M_ARENA_MAX, 1);
  // Keep up to 1 MiB free at the top of the heap instead of 128 KiB. SQLite allocates and frees
  // a few hundred KiB around each statement that opens a savepoint (an insert into `actions`,
  // whose triggers and foreign keys need one); with the default, glibc gave that memory back to
  // the kernel and faulted it in again every time, and the TLB flushes cost more than the
  // statement: recording verdicts ran at 9,000-10,000 comments/s instead of 27,000-31,000
  // (bench/store_bench). Start-up and reloads still hand all free memory back (malloc_trim).
  mallopt(M_TRIM_THRESHOLD, 1 << 20);
}

}  // namespace hm::daemon
