// Kills a process that is writing to the store at random moments, over and over, and checks
// after every death that the database is intact and kept its promises.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "../unit/store_fixture.hpp"
#include "store/store.hpp"

using namespace hm;

namespace {

constexpr int kKills = 110;

std::vector<std::string> complete_lines(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(all.substr(start, nl - start));
  return lines;  // a torn last line (no newline) was never acknowledged
}

pid_t spawn_child(const std::filesystem::path& dir, unsigned seed) {
  pid_t pid = ::fork();
  if (pid == 0) {
    const std::string d = dir.string(), s = std::to_string(seed);
    ::execl(HM_CRASH_CHILD, HM_CRASH_CHILD, d.c_str(), s.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

struct Totals {
  std::size_t comments = 0, transitions = 0, platform_calls = 0, killed = 0;
  std::size_t acked_lines_checked = 0;
};

// Every invariant the store promises, checked from the outside after a crash.
// `full`: re-check every acknowledged line, not only those written since the last check (the
// whole history is re-read now and then, and at the end, to keep the test's cost linear).
void check_invariants(const std::filesystem::path& dir, Totals& totals, bool full) {
  store::Store s(dir / "hallmonitor.db");  // runs quick_check; throws on damage
  auto& c = s.connection();
  REQUIRE(store::quick_check(c) == "ok");
  auto chain = s.verify_audit();
  REQUIRE_MESSAGE(chain.ok, chain.message);

  // No acknowledged write lost.
  const auto acked = complete_lines(dir / "acked.log");
  for (std::size_t i = full ? 0 : totals.acked_lines_checked; i < acked.size(); ++i) {
    const std::string& line = acked[i];
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "C") {
      std::string id;
      in >> id;
      auto q = c.prepare("SELECT 1 FROM comments WHERE platform_comment_id = ?");
      q.bind(1, id);
      if (!q.step()) FAIL("acknowledged comment lost: " << id);
    } else if (kind == "V") {
      std::int64_t version;
      in >> version;
      auto q = c.prepare(
          "SELECT 1 FROM verdicts WHERE version_id = ?1 UNION ALL "
          "SELECT 1 FROM comment_versions WHERE id = ?1 AND clean = 1");
      q.bind(1, version);
      if (!q.step()) FAIL("acknowledged verdict lost: version " << version);
    } else if (kind == "T") {
      std::int64_t id, attempt;
      std::string state;
      in >> id >> state >> attempt;
      auto q = c.prepare(
          "SELECT 1 FROM action_transitions WHERE action_id = ? AND to_state = ? AND attempt = ?");
      q.bind_all(id, state, attempt);
      if (!q.step()) FAIL("acknowledged transition lost: " << line);
    } else {
      FAIL("unexpected line in acked.log: " << line);
    }
  }

  // No action ran twice on the platform, and each call belongs to an action that was running.
  std::set<std::int64_t> called;
  for (const std::string& line : complete_lines(dir / "platform.log")) {
    std::istringstream in(line);
    std::string word;
    std::int64_t id = 0;
    in >> word >> id;
    if (!called.insert(id).second) FAIL("action " << id << " ran twice on the platform");
    auto q = c.prepare("SELECT state FROM actions WHERE id = ?");
    q.bind(1, id);
    const std::string state = q.step() ? q.text(0) : "missing";
    if (state != "running" && state != "done")
      FAIL("action " << id << " was called on the platform but is " << state);
  }
  // Every action the store calls done took effect exactly once.
  auto done = c.prepare("SELECT id FROM actions WHERE state = 'done' AND manual = 0");
  while (done.step())
    if (!called.contains(done.int64(0)))
      FAIL("action " << done.int64(0) << " is done but never reached the platform");
  // No attempt started twice.
  auto twice = c.prepare(
      "SELECT action_id, attempt, COUNT(*) FROM action_transitions WHERE to_state = 'running' "
      "GROUP BY action_id, attempt HAVING COUNT(*) > 1");
  REQUIRE_FALSE_MESSAGE(twice.step(), "action " << twice.int64(0) << " started attempt "
                                                << twice.int64(1) << " twice");

  totals.acked_lines_checked = acked.size();
  totals.comments =
      std::size_t(std::count_if(acked.begin(), acked.end(), [](auto& l) { return l[0] == 'C'; }));
  totals.transitions =
      std::size_t(std::count_if(acked.begin(), acked.end(), [](auto& l) { return l[0] == 'T'; }));
  totals.platform_calls = called.size();
}

// Waits until the child has acknowledged `bytes` more of acked.log (so every run does real work,
// however loaded the machine is), plus a random fraction of a millisecond or a few, to land
// anywhere between two writes. Gives up waiting after a few seconds.
void wait_for_progress(const std::filesystem::path& acked, std::uintmax_t bytes, int extra_us) {
  std::error_code ec;
  const auto start_size = std::filesystem::file_size(acked, ec);
  const std::uintmax_t from = ec ? 0 : start_size;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto size = std::filesystem::file_size(acked, ec);
    if (!ec && size >= from + bytes) break;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  std::this_thread::sleep_for(std::chrono::microseconds(extra_us));
}

}  // namespace

TEST_CASE("SIGKILL at random points never loses an acknowledged write or runs an action twice") {
  test::TempDir dir("crash");
  std::mt19937 rng(20261121);
  // 0 bytes kills it during start-up or recovery; up to ~80 acknowledged lines otherwise.
  std::uniform_int_distribution<std::uintmax_t> progress_bytes(0, 1200);
  std::uniform_int_distribution<int> extra_us(0, 3000);
  Totals totals;
  for (int i = 0; i < kKills; ++i) {
    CAPTURE(i);
    pid_t pid = spawn_child(dir.path(), unsigned(rng()));
    REQUIRE(pid > 0);
    wait_for_progress(dir.path() / "acked.log", progress_bytes(rng), extra_us(rng));
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    // The child must have died by our hand, not by its own error.
    REQUIRE_MESSAGE(WIFSIGNALED(status), "child exited with status " << WEXITSTATUS(status));
    ++totals.killed;
    check_invariants(dir.path(), totals, i % 10 == 9 || i == kKills - 1);
  }
  MESSAGE("killed " << totals.killed << " times; " << totals.comments << " comments and "
                    << totals.transitions << " transitions acknowledged; " << totals.platform_calls
                    << " platform calls");
  // The test is only meaningful if the child got real work done between kills.
  CHECK(totals.comments > 300);
  CHECK(totals.transitions > 300);
  CHECK(totals.platform_calls > 30);
}
