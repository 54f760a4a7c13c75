// Store ingest throughput with synchronous=FULL, and what the database holds per comment, before
// and after retention purges the clean comments' text.
//
// usage: store_bench [COMMENTS] [DIR]   (defaults: 100000, a fresh folder under /tmp)
// The school policy is the shipped default (a flagged comment is hidden and gets a review; no
// deletion is proposed). HM_BENCH_DELETING=1 proposes deletions as the default did before issue
// 12, for figures comparable with the notes written before 6 December (479 bytes a comment).
// Batches are as the daemon writes them: one transaction per poll page of 100 comments, each
// classified (about one in ten flagged, so with verdict, strike, actions and audit rows) in a
// second transaction; and, for the worst case, one comment per transaction.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "daemon/allocator.hpp"
#include "daemon/judge_version.hpp"
#include "moderation/policy.hpp"
#include "store/store.hpp"
#include "tests/support/deleting_policy.hpp"

using namespace hm;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const char* const kWords[] = {
    "the",   "school", "today", "well",  "done",   "children", "sports",  "day",     "thank",
    "you",   "for",    "a",     "great", "lovely", "photos",   "class",   "trip",    "proud",
    "of",    "our",    "team",  "when",  "is",     "next",     "parents", "evening", "term",
    "dates", "please", "can",   "we",    "have",   "more",     "info",    "about",   "uniform"};

moderation::Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

class CommentMaker {
 public:
  moderation::Comment next() {
    moderation::Comment c;
    c.platform = moderation::Platform::facebook;
    c.channel_id = "bench-facebook";
    c.platform_comment_id = "122131676912594941_" + std::to_string(1213590066982748 + n_);
    c.author_id = std::to_string(6789012345678901 + (rng_() % 5000));
    c.author_name = "Parent " + std::to_string(rng_() % 5000);
    c.permalink = "https://www.facebook.com/448242228374517/posts/122131676912594941?comment_id=" +
                  std::to_string(1213590066982748 + n_);
    c.created_at = now();
    // Comments on school pages are short: 3 to 40 words (about 20 to 250 bytes).
    const int words = 3 + int(rng_() % 38);
    for (int i = 0; i < words; ++i) {
      if (i) c.text += ' ';
      c.text += kWords[rng_() % std::size(kWords)];
    }
    ++n_;
    return c;
  }
  std::uint64_t count() const { return n_; }

 private:
  std::mt19937_64 rng_{42};
  std::uint64_t n_ = 0;
};

moderation::Verdict verdict_for(std::uint64_t n) {
  moderation::Verdict v;
  if (n % 10 == 0) {
    v.categories.insert(moderation::Category::abuse);
    v.matches.push_back({"abuse.insult", moderation::Category::abuse, 2, 4, 9});
  }
  return v;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uintmax_t database_bytes(store::Store& s, const fs::path& file) {
  s.connection().checkpoint();
  return fs::file_size(file);
}

std::int64_t pragma_int(store::Store& s, const char* name) {
  auto q = s.connection().prepare(std::string("PRAGMA ") + name);
  return q.step() ? q.int64(0) : 0;
}

// Where the bytes are, per table and index (SQLite's dbstat: whole pages, so a half-empty page
// counts in full, as it does on disk).
void print_breakdown(store::Store& s, std::uint64_t comments) {
  auto q = s.connection().prepare(
      "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 12");
  while (q.step())
    std::printf("    %-36s %6.1f bytes a comment\n", q.text(0).c_str(),
                double(q.int64(1)) / double(comments));
}

}  // namespace

int main(int argc, char** argv) {
  hm::daemon::tune_allocator();  // as hallmonitord does
  const std::uint64_t total = argc > 1 ? std::stoull(argv[1]) : 100000;
  const fs::path dir =
      argc > 2 ? fs::path(argv[2])
               : fs::temp_directory_path() / ("hm-store-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "hallmonitor.db";
  fs::remove(file);
  const bool deleting = std::getenv("HM_BENCH_DELETING") != nullptr;
  const auto policy = deleting ? hm::test::deleting_policy("Please contact the school office.")
                               : moderation::default_policy("Please contact the school office.");

  store::Store s(file);
  s.upsert_school("bench", "Bench School");
  s.upsert_channel({"bench-facebook", "bench", moderation::Platform::facebook, "1"});
  CommentMaker maker;

  std::printf("store_bench: SQLite WAL, synchronous=FULL, database %s\n", file.c_str());
  std::printf("policy: %s\n", deleting ? "deletions proposed (HM_BENCH_DELETING, before issue 12)"
                                       : "the shipped default (hide and review)");

  // 1. Batches of 100, ingest then classify (two transactions per batch).
  const std::size_t batch_size = 100;
  double ingest_seconds = 0, classify_seconds = 0;
  const auto start = Clock::now();
  for (std::uint64_t done = 0; done < total;) {
    std::vector<moderation::Comment> batch;
    for (std::size_t i = 0; i < batch_size && done < total; ++i, ++done)
      batch.push_back(maker.next());
    auto t0 = Clock::now();
    auto ingested = s.ingest(batch, now());
    ingest_seconds += seconds_since(t0);
    t0 = Clock::now();
    {
      auto tx = s.begin_write();
      for (std::size_t i = 0; i < ingested.size(); ++i)
        hm::daemon::judge_version(s, ingested[i].version_id, verdict_for(done - batch.size() + i),
                                  policy, now());
      tx.commit();
    }
    classify_seconds += seconds_since(t0);
  }
  const double batch_total = seconds_since(start);
  std::printf("batches of %zu: %llu comments\n", batch_size,
              static_cast<unsigned long long>(total));
  std::printf("  ingest only            %10.0f comments/s\n", double(total) / ingest_seconds);
  std::printf("  record verdicts        %10.0f comments/s (10%% flagged: strike, actions, audit)\n",
              double(total) / classify_seconds);
  std::printf("  ingest + verdicts      %10.0f comments/s end to end\n",
              double(total) / batch_total);

  const std::uintmax_t bytes = database_bytes(s, file);
  std::printf("  database size          %10.1f MB for %llu comments = %.0f bytes a comment\n",
              double(bytes) / 1e6, static_cast<unsigned long long>(total),
              double(bytes) / double(total));
  print_breakdown(s, total);

  // 1b. The long run: once retention has purged the clean comments' text (30 days, the default),
  // what each comment still costs. SQLite leaves the freed bytes inside their pages (a row that
  // shrinks does not move, and new rows go at the end), so the pages in use stay as they were
  // until a VACUUM rewrites the file; hallmonitord does not run one (docs/scaling.md).
  const auto purged = s.purge_expired({.clean_days = 30, .evidence_days = 365},
                                      now() + std::chrono::hours(24 * 31));
  const auto bytes_in_use = [&s] {
    return double((pragma_int(s, "page_count") - pragma_int(s, "freelist_count")) *
                  pragma_int(s, "page_size"));
  };
  std::printf(
      "  after retention        %10.0f bytes a comment in use "
      "(%lld clean texts purged to their hash)\n",
      bytes_in_use() / double(total), static_cast<long long>(purged.versions));
  // The hourly run that finds nothing new: it reads only comments not yet purged.
  const auto again_start = Clock::now();
  s.purge_expired({.clean_days = 30, .evidence_days = 365}, now() + std::chrono::hours(24 * 31));
  std::printf("  retention run again    %10.1f ms (nothing left to purge)\n",
              seconds_since(again_start) * 1000);
  s.connection().exec("VACUUM");
  std::printf("  and after VACUUM       %10.0f bytes a comment\n", bytes_in_use() / double(total));

  // 2. One comment per transaction (a page holding a single new comment): the fsync bound.
  const std::uint64_t singles = std::min<std::uint64_t>(2000, total);
  const auto single_start = Clock::now();
  for (std::uint64_t i = 0; i < singles; ++i) {
    moderation::Comment c = maker.next();
    s.ingest(std::span<const moderation::Comment>(&c, 1), now());
  }
  const double single_seconds = seconds_since(single_start);
  std::printf("one comment per transaction: %llu comments\n",
              static_cast<unsigned long long>(singles));
  std::printf("  ingest only            %10.0f comments/s\n", double(singles) / single_seconds);

  // 3. Idempotent re-ingest: the same 100 comments polled again.
  std::vector<moderation::Comment> again;
  CommentMaker replay;
  for (int i = 0; i < 100; ++i) again.push_back(replay.next());
  const auto replay_start = Clock::now();
  const int rounds = 200;
  for (int r = 0; r < rounds; ++r) s.ingest(again, now());
  std::printf("re-polling 100 known comments: %10.0f comments/s (no new rows)\n",
              100.0 * rounds / seconds_since(replay_start));

  const auto check = s.verify_audit();
  std::printf("audit chain: %s, %lld rows\n", check.ok ? "verified" : "BROKEN",
              static_cast<long long>(check.rows_checked));
  if (argc <= 2) fs::remove_all(dir);
  return check.ok ? 0 : 1;
}
