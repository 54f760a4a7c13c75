// The process the crash test kills: it ingests comments, classifies them, approves proposals
// and runs actions against a fake platform, forever, exactly as the daemon would sequence its
// writes. The test SIGKILLs it at random moments and checks the database after each death.
//
// Two append-only files, written with write(2) so they survive the process being killed:
//   acked.log     a line per write, appended only after its transaction committed: what the
//                 process has "acknowledged" and must never be lost.
//   platform.log  a line per platform call that took effect (the fake platform's own memory,
//                 outside the crash domain). An action appearing twice ran twice.
//
// usage: store_crash_child DIR SEED
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>

#include "daemon/judge_version.hpp"
#include "moderation/policy.hpp"
#include "store/store.hpp"

using namespace hm;
using moderation::ActionState;
namespace event = moderation::event;

namespace {

class AppendFile {
 public:
  explicit AppendFile(const std::string& path)
      : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw std::runtime_error("cannot open " + path);
  }
  ~AppendFile() { ::close(fd_); }
  void line(const std::string& text) {
    std::string l = text + "\n";
    if (::write(fd_, l.data(), l.size()) != ssize_t(l.size()))
      throw std::runtime_error("short write");
  }

 private:
  int fd_;
};

moderation::Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// The fake platform: remembers which actions took effect, and fails some calls.
class FakePlatform {
 public:
  FakePlatform(const std::string& path, std::mt19937& rng) : log_path_(path), rng_(rng) {
    std::ifstream in(path);
    std::string word;
    std::int64_t id;
    while (in >> word >> id) applied_.insert(id);
    log_.emplace(path);
  }
  bool already_applied(std::int64_t action_id) const { return applied_.contains(action_id); }
  // true: done; false: a retryable failure (nothing happened on the platform).
  bool call(const moderation::PlatformAction& request) {
    if (std::uniform_int_distribution<int>(0, 4)(rng_) == 0) return false;
    log_->line("applied " + std::to_string(request.action_id) + " attempt " +
               std::to_string(request.attempt));
    applied_.insert(request.action_id);
    return true;
  }

 private:
  std::string log_path_;
  std::mt19937& rng_;
  std::set<std::int64_t> applied_;
  std::optional<AppendFile> log_;
};

std::string tr(std::int64_t id, const moderation::Action& a) {
  return "T " + std::to_string(id) + " " + std::string(moderation::to_string(a.progress.state)) +
         " " + std::to_string(a.progress.attempts);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: store_crash_child DIR SEED\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::mt19937 rng(std::stoul(argv[2]));
  std::uniform_real_distribution<double> jitter(0.0, 1.0);

  store::StoreOptions options;
  options.retry = {.max_attempts = 3,
                   .base_delay = std::chrono::seconds(0),
                   .max_delay = std::chrono::seconds(0)};
  store::Store store(dir + "/hallmonitor.db", options);
  store.upsert_school("jh", "Joseph Hood");
  store.upsert_channel({"jh-facebook", "jh", moderation::Platform::facebook, "1"});
  AppendFile acked(dir + "/acked.log");
  FakePlatform platform(dir + "/platform.log", rng);
  const auto policy = moderation::default_policy("Please contact the office.");

  auto classify = [&](const std::vector<std::int64_t>& versions) {
    auto tx = store.begin_write();  // the batch commits whole, as a poll does
    std::vector<std::pair<std::int64_t, store::RecordedVerdict>> recorded;
    for (auto version_id : versions) {
      auto s = store.connection().prepare("SELECT text FROM comment_versions WHERE id = ?");
      s.bind(1, version_id);
      s.step();
      moderation::Verdict v;
      if (s.text(0).find("bad") != std::string::npos) {
        v.categories.insert(moderation::Category::abuse);
        v.matches.push_back({"crash.bad", moderation::Category::abuse, 2, 0, 3});
      }
      recorded.emplace_back(version_id, daemon::judge_version(store, version_id, v, policy, now()));
    }
    tx.commit();
    for (const auto& [version_id, verdict] : recorded) {
      acked.line("V " + std::to_string(version_id));
      for (auto id : verdict.action_ids) acked.line(tr(id, *store.action(id)));
    }
  };

  auto finish_call = [&](std::int64_t id, bool ok) {
    auto after =
        ok ? store.transition(id, event::Succeeded{}, "executor", "platform said ok", now())
           : store.transition(id, event::FailedRetryable{now(), jitter(rng), {}}, "executor",
                              "HTTP 503", now());
    if (!after) throw std::runtime_error(after.error());
    acked.line(tr(id, *after));
  };

  // Restart recovery, as the daemon does it: versions stored but not classified, and actions
  // that were running when the process died. Those ask the platform whether the call took
  // effect instead of calling again.
  {
    std::vector<std::int64_t> pending;
    auto s = store.connection().prepare(
        "SELECT v.id FROM comment_versions v LEFT JOIN verdicts d ON d.version_id = v.id "
        "WHERE d.id IS NULL AND v.clean IS NULL ORDER BY v.id");
    while (s.step()) pending.push_back(s.int64(0));
    if (!pending.empty()) classify(pending);
    for (const auto& a : store.actions_in_state(ActionState::running, 1000)) {
      if (platform.already_applied(a.id))
        finish_call(a.id, true);
      else
        finish_call(a.id, platform.call(*store.platform_action(a.id)));
    }
  }

  std::int64_t next;
  {
    auto s = store.connection().prepare("SELECT COUNT(*) FROM comments");
    s.step();
    next = s.int64(0);
  }
  for (int round = 0; round < 100000; ++round) {
    // Ingest a batch: new comments, one repeat (idempotency) and sometimes an edit.
    std::vector<moderation::Comment> batch;
    for (int i = 0; i < 4; ++i, ++next) {
      moderation::Comment c;
      c.channel_id = "jh-facebook";
      c.platform_comment_id = "p" + std::to_string(next);
      c.author_id = "author" + std::to_string(next % 7);
      c.text = (next % 3 == 0 ? "bad words " : "kind words ") + std::to_string(next);
      c.created_at = now();
      batch.push_back(c);
    }
    batch.push_back(batch.front());
    if (next > 8 && round % 3 == 0) {
      moderation::Comment edit = batch.front();
      edit.platform_comment_id = "p" + std::to_string(next - 8);
      edit.text = "bad edit " + std::to_string(round);
      batch.push_back(edit);
    }
    auto ingested = store.ingest(batch, now());
    std::vector<std::int64_t> to_classify;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      acked.line("C " + batch[i].platform_comment_id);
      if (ingested[i].needs_classification) to_classify.push_back(ingested[i].version_id);
    }
    classify(to_classify);

    // A moderator approves or rejects what is proposed.
    for (const auto& a : store.actions_in_state(ActionState::proposed, 5)) {
      const bool approve = std::uniform_int_distribution<int>(0, 3)(rng) != 0;
      auto after = approve ? store.transition(a.id, event::Approve{}, "user:mod", "ok", now())
                           : store.transition(a.id, event::Reject{}, "user:mod", "no", now());
      if (!after) throw std::runtime_error(after.error());
      acked.line(tr(a.id, *after));
    }

    // The executor: persist running, call the platform, persist the outcome.
    for (const auto& a : store.due_actions(now(), 10)) {
      auto running = store.transition(a.id, event::Start{now()}, "executor", "calling", now());
      if (!running) throw std::runtime_error(running.error());
      acked.line(tr(a.id, *running));
      finish_call(a.id, platform.call(*store.platform_action(a.id)));
    }
  }
  return 0;
}
