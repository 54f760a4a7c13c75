// The audit page's chain check at scale (issue 14): a log of ROWS rows, walked from the genesis
// (what every audit page and evidence export did before checkpoints), then from a checkpoint
// after another 1,000 rows are appended (what a request does now).
//
// usage: audit_chain_bench [ROWS]   (default 800000; a fresh folder under /tmp, removed after)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "store/audit_checkpoint.hpp"
#include "store/store.hpp"

using namespace hm;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

void append(store::Store& s, std::int64_t from, std::int64_t count) {
  const auto t = moderation::Time(std::chrono::seconds(1'700'000'000));
  for (std::int64_t done = 0; done < count;) {
    store::WriteTransaction tx(s.connection());
    for (int i = 0; i < 10'000 && done < count; ++i, ++done)
      store::append_audit(s.connection(), {t,
                                           "user:bench",
                                           "action.transition",
                                           "action:" + std::to_string(from + done),
                                           {{"from", "proposed"}, {"to", "approved"}}});
    tx.commit();
  }
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t rows = argc > 1 ? std::stoll(argv[1]) : 800'000;
  const fs::path dir =
      fs::temp_directory_path() / ("audit-chain-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    store::Store s(dir / "hallmonitor.db");
    append(s, 0, rows);
    const auto key = s.audit_checkpoint_key();

    auto t0 = Clock::now();
    auto full = store::verify_audit_chain(s.connection());
    const double full_s = seconds_since(t0);
    store::record_audit_checkpoint(s.connection(), key, full, moderation::Time{});

    append(s, rows, 1'000);
    t0 = Clock::now();
    auto incremental = store::verify_audit_incrementally(s.connection(), key);
    const double incremental_s = seconds_since(t0);

    std::printf("audit log of %lld rows\n", static_cast<long long>(full.head_id));
    std::printf("walk from the genesis:     %8lld rows in %.3f s (%s)\n",
                static_cast<long long>(full.rows_checked), full_s, full.ok ? "sound" : "BROKEN");
    std::printf("walk from the checkpoint:  %8lld rows in %.4f s (%s)\n",
                static_cast<long long>(incremental.rows_checked), incremental_s,
                incremental.ok ? "sound" : "BROKEN");
  }
  fs::remove_all(dir);
  return 0;
}
