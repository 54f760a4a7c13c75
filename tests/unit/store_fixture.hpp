// Shared set-up for store tests: a database in a fresh temporary folder with one school and a
// channel per platform, and helpers to make comments and verdicts.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "daemon/judge_version.hpp"
#include "moderation/policy.hpp"
#include "store/store.hpp"
#include "support/deleting_policy.hpp"
#include "support/temp_dir.hpp"

namespace hm::test {

namespace fs = std::filesystem;
using moderation::Category;
using moderation::Comment;
using moderation::Platform;
using moderation::Time;
using moderation::Verdict;

inline const Time kT0{std::chrono::seconds(1'800'000'000)};  // 2027-01-15

inline Time days_after(Time t, int days) {
  return t + std::chrono::hours(24 * days);
}

inline Verdict verdict_of(std::initializer_list<Category> categories) {
  Verdict v;
  for (Category c : categories) {
    v.categories.insert(c);
    v.matches.push_back({"rule." + std::string(filters::to_string(c)), c, 2, 0, 3});
  }
  return v;
}

// The one integer a query returns (a count, a key): for checks on what is stored.
inline std::int64_t scalar(store::Connection& c, const std::string& sql) {
  auto s = c.prepare(sql);
  REQUIRE(s.step());
  return s.int64(0);
}

// The steps of `sql`'s query plan, one per line ("SEARCH comments USING INDEX ...").
inline std::string query_plan(store::Connection& c, const std::string& sql) {
  auto plan = c.prepare("EXPLAIN QUERY PLAN " + sql);
  std::string steps;
  while (plan.step()) steps += plan.text(3) + "\n";
  return steps;
}

struct StoreFixture {
  TempDir dir{"store"};
  fs::path db = dir.path() / "hallmonitor.db";
  std::optional<store::Store> store;
  moderation::SchoolPolicy policy = deleting_policy("Please contact the office.");

  StoreFixture() {
    store.emplace(db);
    store->upsert_school("jh", "Joseph Hood Primary School");
    store->upsert_channel({"jh-facebook", "jh", Platform::facebook, "448242228374517"});
    store->upsert_channel({"jh-instagram", "jh", Platform::instagram, "17841400000000000"});
    store->upsert_channel({"jh-x", "jh", Platform::x, "1234567890"});
  }

  static std::string channel_of(Platform p) {
    return p == Platform::facebook    ? "jh-facebook"
           : p == Platform::instagram ? "jh-instagram"
                                      : "jh-x";
  }

  static Comment comment(std::string id, std::string author, std::string text,
                         Platform p = Platform::facebook, Time created = kT0) {
    Comment c;
    c.platform = p;
    c.channel_id = channel_of(p);
    c.platform_comment_id = std::move(id);
    c.author_id = std::move(author);
    c.author_name = "Name of " + c.author_id;
    c.text = std::move(text);
    c.permalink =
        "https://www.facebook.com/448242228374517/posts/1?comment_id=" + c.platform_comment_id;
    c.created_at = created;
    return c;
  }

  store::IngestResult ingest(const Comment& c, Time now = kT0) {
    return store->ingest(std::span<const Comment>(&c, 1), now).at(0);
  }

  store::RecordedVerdict classify(std::int64_t version_id, const Verdict& v, Time now = kT0) {
    return daemon::judge_version(*store, version_id, v, policy, now);
  }

  // One poll's repository steps in one transaction, in daemon/ingest.cpp's order (ingest →
  // judge each new version → cursor → commit). `verdict_for` may throw: then nothing is kept.
  template <class VerdictFor>
  std::vector<store::RecordedVerdict> poll(const std::vector<Comment>& batch,
                                           VerdictFor verdict_for, std::string_view cursor,
                                           Time now = kT0) {
    auto tx = store->begin_write();
    std::vector<store::RecordedVerdict> recorded;
    const auto ingested = store->ingest(batch, now);
    for (std::size_t i = 0; i < ingested.size(); ++i)
      if (ingested[i].needs_classification)
        recorded.push_back(daemon::judge_version(*store, ingested[i].version_id,
                                                 verdict_for(batch[i]), policy, now));
    store->set_cursor(batch.front().channel_id, cursor, now);
    tx.commit();
    return recorded;
  }

  // Ingests and classifies; returns the recorded verdict.
  store::RecordedVerdict post(const Comment& c, const Verdict& v, Time now = kT0) {
    auto r = ingest(c, now);
    return classify(r.version_id, v, now);
  }

  std::int64_t scalar(const std::string& sql) { return test::scalar(store->connection(), sql); }

  std::int64_t count(const std::string& table) {
    // Table names are constants from the tests, never outside input.
    auto s = store->connection().prepare("SELECT COUNT(*) FROM " + table);
    s.step();
    return s.int64(0);
  }
};

}  // namespace hm::test
