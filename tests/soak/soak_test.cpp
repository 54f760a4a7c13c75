// The fault soak the project keeps (issue 17; CTest label `soak`, a few minutes): two schools,
// each with Facebook, Instagram and X channels on the platform emulator, and the real
// hallmonitord as a process. Six rounds, each one daemon run ended by SIGKILL: comments posted
// throughout (harmful and clean), a fault of a rotating class on every channel (on its poll or on
// one comment's hide), the moderator approving and rejecting deletions through the console API,
// the admin renewing a credential and reloading when /healthz says a channel stopped. One round
// spends an X account's 50-hides budget with the emulator's clock moved to the window's last
// seconds, so the 15-minute reset comes in seconds, and a rate-limit fault meets each X channel
// there. A last run settles, then the final checks (soak_checks.hpp) run and the figures print.
//
// Waits are bounded; the checks are on outcomes (the platform's state and call log, the
// database), never on wall-clock time. Exposure figures are printed, not asserted.
#include <doctest/doctest.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <thread>

#include "soak/fault_schedule.hpp"
#include "soak/soak_checks.hpp"
#include "soak/soak_ledger.hpp"
#include "soak/soak_texts.hpp"
#include "soak/soak_world.hpp"

using namespace hm::test;
using namespace hm::test::soak;
using namespace std::chrono_literals;

namespace {

constexpr int kRounds = 6;
constexpr int kRateLimitRound = 2;  // the round with the X rate-limit episode
constexpr auto kTick = 500ms;       // one comment per tick while posting
constexpr auto kPosting = 16s;      // per round
constexpr auto kFaultsDrain = 15s;  // at most, for a round's faults to be met before the kill
constexpr auto kSettle = 150s;      // at most, for the last run to finish everything (60 s retries)
constexpr int kBurst = 60;          // harmful X replies at once: over the 50 hides a window allows
constexpr int kXHidesPerWindow = 50;  // X's budget for hiding replies, per 15-minute window

class Soak {
 public:
  SoakWorld w;
  Ledger ledger;

  // One comment on a channel; `harmful` picks the next harmful text, else the next clean one.
  const Posted& post(std::size_t channel, bool harmful) {
    const int seq = int(ledger.posted.size());
    const std::string author = std::to_string(700000 + seq);  // one author each: no strikes add up
    if (harmful) {
      const auto& t = kHarmful[std::size_t(harmful_++) % kHarmful.size()];
      return ledger.add(w.post_comment(w.channels[channel], t.text, author), channel,
                        std::string(t.category));
    }
    const auto text = kClean[std::size_t(clean_++) % kClean.size()];
    return ledger.add(w.post_comment(w.channels[channel], text, author), channel, "clean");
  }

  void fault(const Channel& c, const std::string& kind, const std::string& match) {
    w.control.fault(c.platform, kind, 1, match, kind == "slow" ? 3000 : 0);
    ++ledger.faults[kind];
  }
  void advance_clock(long long seconds) {
    w.control.post("/_emulator/clock", {{"advance_seconds", seconds}});
    ledger.clock_advanced += seconds;
  }

  // What happens every tick: the platform is looked at (exposure), and every other tick the
  // moderator works the queue and the admin glances at /healthz.
  void tick(bool posting) {
    const auto next = std::chrono::steady_clock::now() + kTick;
    if (posting) {
      const std::size_t channel = std::size_t(ticks_) % w.channels.size();
      post(channel, ticks_ % 5 < 2);  // two in five harmful
    }
    observe();
    if (ticks_ % 2 == 0) {
      moderate();
      tend_channels();
    }
    ++ticks_;
    std::this_thread::sleep_until(next);
  }
  json observe() {
    json state = w.control.state();
    ledger.observe(state.at("comments"), std::chrono::steady_clock::now());
    return state;
  }

  // The moderator: of the automatable deletions proposed, approves one in three and rejects
  // one in three (by the comment's posting order), and leaves the rest waiting.
  void moderate() {
    auto r = w.api("GET", "/api/v1/actions?state=proposed&kind=delete&limit=500");
    if (r.status != 200) {
      ++ledger.api_errors;
      return;
    }
    const json listing = json::parse(r.body);  // kept alive for the loop
    for (const auto& a : listing.at("actions")) {
      if (a.value("manual", false)) continue;  // X: deletion is by hand, never approved here
      const std::string comment = a.at("comment").at("id").get<std::string>();
      const Posted* p = ledger.find(comment);
      if (!p || ledger.approved.count(comment) || ledger.rejected.count(comment) ||
          ledger.left.count(comment))
        continue;
      const int choice = p->seq % 3;
      if (choice == 2) {
        ledger.left.insert(comment);
        continue;
      }
      const std::string decision = choice == 0 ? "approve" : "reject";
      auto d = w.api(
          "POST", "/api/v1/actions/" + std::to_string(a.at("id").get<long long>()) + "/" + decision,
          R"({"reason":"soak moderator"})");
      if (d.status == 200)
        (choice == 0 ? ledger.approved : ledger.rejected).insert(comment);
      else if (d.status != 409)
        ++ledger.api_errors;
    }
  }

  // The admin: a Graph channel /healthz shows stopped (its token refused) gets a renewed
  // credential and a reload, once per daemon run, as the daemon's log line asks.
  void tend_channels() {
    // /healthz: {"channels":[{"id","state","message"}...]}; the admin reads each channel's state.
    const json health = json::parse(w.healthz(), nullptr, false);
    std::set<std::string> stopped;
    if (health.is_object() && health.contains("channels") && health["channels"].is_array())
      for (const auto& ch : health["channels"])
        if (ch.is_object() && ch.value("state", "") == "stopped")
          stopped.insert(ch.value("id", ""));
    for (auto& c : w.channels) {
      if (c.is_x() || renewed_.count(c.id)) continue;
      if (!stopped.count(c.id)) continue;
      w.renew_credential(c);
      renewed_.insert(c.id);
      ++ledger.reloads;
    }
  }

  void start_run() {
    w.start_daemon();
    renewed_.clear();
  }
  // Waits (bounded, still ticking) until every fault injected so far has been met, then kills.
  void end_run_with_kill() {
    const auto deadline = std::chrono::steady_clock::now() + kFaultsDrain;
    while (!observe().at("faults").empty() && std::chrono::steady_clock::now() < deadline)
      tick(false);
    for (int i = 0; i < 3; ++i) tick(false);  // an X token refresh after a fault is long done
    CHECK(w.kill_daemon() == 128 + SIGKILL);
    ++ledger.kills;
    hm::store::Store check(w.db);  // opening runs quick_check; a damaged file throws
    CHECK(check.verify_audit().ok);
  }

  // The round's faults: on a channel's poll (matched by its listing path) or on the hide of a
  // harmful comment posted for it (matched by the comment's id).
  void inject_round_faults(int round) {
    std::vector<bool> is_x;
    for (const auto& c : w.channels) is_x.push_back(c.is_x());
    for (const auto& f : faults_for_round(round, is_x)) {
      const Channel& c = w.channels[f.channel];
      if (f.target == FaultTarget::poll) {
        fault(c, f.kind, c.poll_path());
      } else {
        fault(c, f.kind, c.hide_path(post(f.channel, true).id));
      }
    }
  }

  // X's 50 hides per 15 minutes, with the emulator's clock: every window is ended, a harmful
  // reply on each X channel opens the hide windows (and the polls open theirs), and the clock
  // moves to the windows' last 30 s. Then hg-x gets 60 harmful replies at once, over its budget,
  // and ol-x a rate-limit answer to one hide; once both are read (hg-x has spent the window's
  // other 49 hides, ol-x met its fault), each X poll gets a rate-limit answer too. Every wait the
  // platform gives ends with its window, seconds away.
  //
  // The order matters. A poll refused before hg-x has read the burst reads it only after the
  // windows reset; its hides then open a new window, the 51st waits for that window's end, and
  // real X does the same: a hide over the budget waits up to 15 minutes, longer than the settle.
  // So the poll faults wait for the burst's hides, not only for ol-x's fault (which one soak
  // run met before hg-x's next poll: 22 hides then correctly waited the whole window).
  void x_rate_limit_episode() {
    advance_clock(900);
    std::vector<std::string> openers;
    for (std::size_t i = 0; i < w.channels.size(); ++i)
      if (w.channels[i].is_x()) openers.push_back(post(i, true).id);
    auto opened = [&] {
      for (const auto& id : openers)
        if (!ledger.find(id)->gone_at) return false;
      return true;
    };
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!opened() && std::chrono::steady_clock::now() < deadline) tick(false);
    REQUIRE_MESSAGE(opened(), "the X openers were not hidden in 20 s");
    advance_clock(870);
    const int last_before_burst = int(ledger.posted.size()) - 1;
    std::size_t burst_channel = w.channels.size();
    for (std::size_t i = 0; i < w.channels.size(); ++i) {
      const Channel& c = w.channels[i];
      if (!c.is_x()) continue;
      if (c.school == "hall-green") {
        burst_channel = i;
        for (int n = 0; n < kBurst; ++n) post(i, true);
      } else
        fault(c, "rate_limit", c.hide_path(post(i, true).id));
    }
    auto budget_spent = [&] {  // hg-x's burst hides that fit in the opener's window are done
      int hidden = 0;
      for (const auto& p : ledger.posted)
        if (p.channel == burst_channel && p.seq > last_before_burst && p.gone_at) ++hidden;
      return hidden >= kXHidesPerWindow - 1;
    };
    // Under the 30 s left in the windows: the waits below must end before they do.
    const auto met = std::chrono::steady_clock::now() + 20s;
    while ((!budget_spent() || !observe().at("faults").empty()) &&
           std::chrono::steady_clock::now() < met)
      tick(false);
    REQUIRE_MESSAGE(budget_spent(),
                    "hg-x did not hide the burst's first 49 replies before its X window ended");
    for (const auto& c : w.channels)
      if (c.is_x()) fault(c, "rate_limit", c.poll_path());
  }

  // The last run: no new comments or decisions; waits (bounded) until every harmful comment is
  // gone from view, every approved deletion is done, and nothing is approved or running.
  void settle() {
    start_run();
    const auto deadline = std::chrono::steady_clock::now() + kSettle;
    auto settled = [&] {
      for (const auto& p : ledger.posted)
        if (p.harmful() && !p.gone_at) return false;
      const json state = w.control.state();
      std::map<std::string, json> on_platform;
      flatten(state.at("comments"), on_platform);
      for (const auto& id : ledger.approved)
        if (auto it = on_platform.find(id);
            it == on_platform.end() || !it->second.value("deleted", false))
          return false;
      for (const char* s : {"approved", "running"})
        if (!json::parse(w.api("GET", std::string("/api/v1/actions?limit=1&state=") + s).body)
                 .at("actions")
                 .empty())
          return false;
      return true;
    };
    while (!settled() && std::chrono::steady_clock::now() < deadline) {
      const auto next = std::chrono::steady_clock::now() + kTick;
      observe();
      tend_channels();
      std::this_thread::sleep_until(next);
    }
    CHECK(w.stop_daemon() == 0);
  }

  // The daemons' logs and the database, for a failing soak to be read after its temp folder is
  // gone: soak-artifacts/ in the test's working directory (build/tests under CTest).
  void keep_artifacts() {
    const fs::path out = fs::current_path() / "soak-artifacts";
    std::error_code ec;
    fs::remove_all(out, ec);
    fs::create_directories(out, ec);
    for (int i = 0; i < w.daemon_runs; ++i) {
      const std::string log = "daemon-" + std::to_string(i) + ".log";
      fs::copy_file(w.dir.path() / log, out / log, ec);
    }
    fs::copy_file(w.db, out / "hallmonitor.db", ec);
    std::ofstream(out / "emulator-state.json") << w.control.state().dump(1);
    std::cout << "  logs, database and the emulator's state in " << out.string() << "\n";
  }

  void print_figures() {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1);
    out << "soak: " << ledger.posted.size() << " comments posted (" << ledger.count(true)
        << " harmful, " << ledger.count(false) << " clean) on " << w.channels.size()
        << " channels; daemon runs " << w.daemon_runs << ", SIGKILLs " << ledger.kills
        << ", credential renewals + reloads " << ledger.reloads << ", emulator clock moved "
        << ledger.clock_advanced << " s\n";
    std::map<std::string, int> by_category;
    for (const auto& p : ledger.posted) ++by_category[p.category];
    out << "  by category:";
    for (const auto& [k, n] : by_category) out << " " << k << " " << n;
    out << "\n  faults injected:";
    int faults = 0;
    for (const auto& [k, n] : ledger.faults) {
      out << " " << k << " " << n;
      faults += n;
    }
    out << " (" << faults << " in all)\n  deletions: " << ledger.approved.size() << " approved, "
        << ledger.rejected.size() << " rejected, " << ledger.left.size()
        << " left waiting; console API errors " << ledger.api_errors << "\n"
        << "  exposure, posting to hidden (seen every " << kTick.count() << " ms):\n";
    for (std::size_t i = 0; i < w.channels.size(); ++i) {
      std::vector<double> seconds;
      int never = 0;
      for (const auto& p : ledger.posted) {
        if (p.channel != i || !p.harmful()) continue;
        if (p.gone_at)
          seconds.push_back(std::chrono::duration<double>(*p.gone_at - p.at).count());
        else
          ++never;
      }
      const std::size_t hidden = seconds.size();
      out << "    " << std::setw(12) << std::left << w.channels[i].id << std::right << " hidden "
          << std::setw(3) << hidden << ", p50 " << std::setw(5) << quantile(seconds, 0.5)
          << " s, p99 " << std::setw(5) << quantile(seconds, 0.99) << " s, never " << never << "\n";
    }
    std::cout << out.str() << std::flush;
  }

 private:
  int ticks_ = 0;
  int harmful_ = 0;
  int clean_ = 0;
  std::set<std::string> renewed_;
};

}  // namespace

TEST_CASE("soak: faults, rate limits, kills and approvals; every harmful comment hidden once") {
  Soak soak;
  for (int round = 0; round < kRounds; ++round) {
    soak.start_run();
    if (round == kRateLimitRound) soak.x_rate_limit_episode();
    soak.inject_round_faults(round);
    const auto until = std::chrono::steady_clock::now() + kPosting;
    while (std::chrono::steady_clock::now() < until) soak.tick(true);
    soak.end_run_with_kill();
  }
  soak.settle();
  const json state = soak.w.control.state();
  soak.print_figures();
  soak.keep_artifacts();
  // The soak did what it says: every fault class, approvals and rejections, all faults met.
  std::set<std::string> classes(kGraphFaults.begin(), kGraphFaults.end());
  classes.insert(kXFaults.begin(), kXFaults.end());
  for (const auto& k : classes) CHECK_MESSAGE(soak.ledger.faults.count(k), "no " << k << " fault");
  CHECK(!soak.ledger.approved.empty());
  CHECK(!soak.ledger.rejected.empty());
  CHECK(soak.ledger.api_errors == 0);
  // A fault aimed at a hide is queued just after its comment is posted; a poll and hide within
  // those milliseconds would leave it unmet. Shown, not asserted.
  if (!state.at("faults").empty()) MESSAGE("faults never met: " << state.at("faults").dump());
  final_checks(soak.w, soak.ledger, state);

  // The audit chain, verified as an operator would: hallmonitorctl's evidence export checks the
  // whole chain and exits 0 only when it holds.
  const auto evidence =
      run_ctl(soak.w.dir, "evidence export --config '" + soak.w.config.string() + "' --comment " +
                              soak.ledger.posted.front().id + " --out '" +
                              (soak.w.dir.path() / "evidence").string() + "'");
  CHECK_MESSAGE(evidence.exit_code == 0, evidence.out << evidence.err);
  CHECK(evidence.out.find("chain verified") != std::string::npos);
}
