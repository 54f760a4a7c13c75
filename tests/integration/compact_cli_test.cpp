// hallmonitorctl compact, run as the real binary: it gives back the room retention freed, keeps
// every comment and the audit chain, and refuses while another process has the database open.
#include <doctest/doctest.h>

#include <fstream>

#include "support/cli_runner.hpp"
#include "support/ctl_config.hpp"
#include "unit/store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

// A school's store after a month: many clean comments whose text retention has purged.
struct PurgedStore : StoreFixture {
  fs::path config = dir.path() / "hallmonitor.toml";
  int comments = 0;

  PurgedStore() {
    std::ofstream(config) << ctl_config(dir.path().string());
    std::vector<Comment> batch;
    for (int i = 0; i < 3000; ++i) {
      batch.push_back(comment("c" + std::to_string(i), "parent" + std::to_string(i % 50),
                              "Lovely to see the children enjoying the science week, comment " +
                                  std::to_string(i) + std::string(120, '!')));
      if (batch.size() == 100) {
        poll(
            batch, [](const Comment&) { return Verdict{}; }, "cursor");
        batch.clear();
      }
    }
    comments = 3000;
    post(comment("bad", "troll", "you are a disgrace"), verdict_of({Category::abuse}));
    ++comments;
    store->purge_expired({}, days_after(kT0, 31));
  }
};

std::uintmax_t bytes_of(const fs::path& db) {
  std::error_code ec;
  const auto wal = fs::file_size(db.string() + "-wal", ec);
  return fs::file_size(db) + (ec ? 0 : wal);
}

}  // namespace

TEST_CASE("compact gives back the room retention freed and keeps every comment and the chain") {
  PurgedStore s;
  const auto audit_rows = scalar(s.store->connection(), "SELECT COUNT(*) FROM audit_log");
  s.store.reset();  // the daemon is stopped
  const auto before = bytes_of(s.db);

  RunResult r = run_ctl(s.dir, "compact --config " + s.config.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  MESSAGE(r.out);  // the sizes an admin sees
  CHECK(r.out.find("compacting " + s.db.string()) != std::string::npos);
  CHECK(r.out.find("given back") != std::string::npos);
  const auto after = bytes_of(s.db);
  CHECK(after < before * 3 / 4);  // most of each purged text's page was free room
  CHECK_FALSE(fs::exists(s.db.string() + "-wal"));

  s.store.emplace(s.db);
  CHECK(scalar(s.store->connection(), "SELECT COUNT(*) FROM comments") == s.comments);
  CHECK(scalar(s.store->connection(), "SELECT COUNT(*) FROM audit_log") == audit_rows);
  CHECK(s.store->verify_audit().ok);
  CHECK(store::quick_check(s.store->connection()) == "ok");
}

TEST_CASE("compact refuses while the daemon has the database open, and changes nothing") {
  PurgedStore s;  // its Store stays open, as the running daemon's would
  const auto before = bytes_of(s.db);
  RunResult r = run_ctl(s.dir, "compact --config " + s.config.string());
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(
      r.err.find("is open in another process: stop hallmonitord first") != std::string::npos,
      r.err);
  CHECK(r.out.empty());
  CHECK(bytes_of(s.db) == before);
  // The daemon's writer carries on.
  s.post(s.comment("later", "parent1", "See you at the fair!"), Verdict{});
  CHECK(s.store->verify_audit().ok);
}

TEST_CASE("compact: no database or a damaged one exits 1, a bad config exits 2") {
  TempDir dir{"compact"};
  const auto config = dir.write("hallmonitor.toml", ctl_config((dir.path() / "none").string()));
  RunResult missing = run_ctl(dir, "compact --config " + config.string());
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no database at") != std::string::npos);
  CHECK(run_ctl(dir, "compact --config " + (dir.path() / "nope.toml").string()).exit_code == 2);

  // Not a database: refused, naming the file, and the file is left as it was.
  fs::create_directories(dir.path() / "none");
  const std::string junk(4096, 'x');
  dir.write("none/hallmonitor.db", junk);
  RunResult damaged = run_ctl(dir, "compact --config " + config.string());
  CHECK(damaged.exit_code == 1);
  CHECK(damaged.err.find("hallmonitor.db is damaged") != std::string::npos);
  CHECK(dir.read("none/hallmonitor.db") == junk);
}
