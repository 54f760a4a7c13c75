// The learned spam model in the running daemon (issue 16): in shadow mode it changes nothing on
// the platform and records what it would have done; in active mode it hides what it flags and
// queues what it is unsure of without hiding it; a damaged model file is refused with its
// reason. hallmonitord and the emulator as processes on
// 127.0.0.1, bounded waits.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "filters/learned/spam_learner.hpp"
#include "filters/learned/text_features.hpp"
#include "store/learning_examples.hpp"
#include "store/store.hpp"
#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"

using namespace hm::test;
namespace learned = hm::filters::learned;

namespace {

// A model that knows one spam wave no rule knows ("zorblax"), learned as `hallmonitorctl learn`
// would, and written where [learning] model points.
void write_wave_model(const std::filesystem::path& file, learned::LearnOptions options = {}) {
  std::vector<learned::Example> examples;
  for (int i = 0; i < 10; ++i) {
    for (auto* t : {"join my zorblax clan today", "zorblax clan recruiting, join us"})
      examples.push_back({learned::feature_slots(t), true});
    for (auto* t : {"what time is the concert", "lovely photos of sports day"})
      examples.push_back({learned::feature_slots(t), false});
  }
  std::ofstream(file, std::ios::binary) << learned::learn(examples, options).serialize();
}

struct World : FacebookPageWorld {
  std::filesystem::path config;

  explicit World(const std::string& mode, learned::LearnOptions options = {}) {
    write_wave_model(dir.path() / "spam.model", options);
    config = config_with_shipped_filters();
    std::ofstream(config, std::ios::app)
        << "\n[learning]\nmodel = \"spam.model\"\nmode = \"" << mode << "\"\n";
  }

  bool hidden_within(const std::string& id, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (control.comment(id).value("hidden", false)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  // The first row of `sql` about one comment (its platform id bound to ?), its first `columns`
  // columns joined by spaces; "" when there is no row. Read beside the running daemon, as the
  // console reads.
  std::string query(const std::string& sql, const std::string& platform_id, int columns = 1) {
    auto db = hm::store::open_reader(dir.path() / "state" / "hallmonitor.db");
    auto s = db.prepare(sql);
    s.bind(1, platform_id);
    if (!s.step()) return "";
    std::string out = s.text(0);
    for (int k = 1; k < columns; ++k) out += " " + s.text(k);
    return out;
  }
  // The model's stored opinion of a comment: "band applied", or "" when there is none.
  std::string opinion_of(const std::string& platform_id) {
    return query(
        "SELECT o.band, o.applied FROM model_opinions o JOIN comment_versions v ON v.id = "
        "o.version_id JOIN comments c ON c.id = v.comment_id WHERE c.platform_comment_id = ?",
        platform_id, 2);
  }
  std::string actions_on(const std::string& platform_id) {
    return query(
        "SELECT COUNT(*) FROM actions a JOIN comments c ON c.id = a.comment_id WHERE "
        "c.platform_comment_id = ?",
        platform_id);
  }
};

}  // namespace

TEST_CASE("shadow mode: the model's flag changes nothing on the platform and is recorded") {
  World w("shadow");
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  CHECK(daemon.log_text().find("learning: shadow mode, model") != std::string::npos);
  const auto wave = w.control.add_comment("facebook", w.post, "Join my zorblax clan today!");
  const auto harmful = w.control.add_comment("facebook", w.post, "f*ck this school");
  // Once the later harmful comment is hidden, the wave comment has been judged too.
  REQUIRE(w.hidden_within(harmful, std::chrono::seconds(8)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // time to act, were it to
  CHECK_FALSE(w.control.comment(wave).value("hidden", true));
  CHECK(w.actions_on(wave) == "0");
  CHECK(w.opinion_of(wave) == "flag 0");
  CHECK(w.opinion_of(harmful).empty());  // the model had nothing to say about it
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("active mode: what the model flags is hidden like any verdict") {
  World w("active");
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  const auto wave = w.control.add_comment("facebook", w.post, "Join my zorblax clan today!");
  const auto clean = w.control.add_comment("facebook", w.post, "Lovely photos, well done all!");
  CHECK(w.hidden_within(wave, std::chrono::seconds(8)));
  CHECK(w.opinion_of(wave) == "flag 1");
  CHECK_FALSE(w.control.comment(clean).value("hidden", true));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("active mode, review band: not hidden, queued as flagged but still visible") {
  // A model that never flags on its own (flag_at 1) and asks for a look from 0.5.
  World w("active", learned::LearnOptions{.flag_at = 1.0, .review_at = 0.5});
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  const auto wave = w.control.add_comment("facebook", w.post, "Join my zorblax clan today!");
  const auto harmful = w.control.add_comment("facebook", w.post, "f*ck this school");
  REQUIRE(w.hidden_within(harmful, std::chrono::seconds(8)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // time to act, were it to
  CHECK_FALSE(w.control.comment(wave).value("hidden", true));
  CHECK(w.opinion_of(wave) == "review 1");
  CHECK(w.actions_on(wave) == "0");  // no hide, no deletion, no block
  // The item waits for a person: open, its verdict the model's review match alone.
  CHECK(w.query("SELECT r.state FROM reviews r JOIN comments c ON c.id = r.comment_id WHERE "
                "c.platform_comment_id = ?",
                wave) == "open");
  const std::string matches = w.query(
      "SELECT d.categories, d.matches FROM verdicts d JOIN comment_versions v ON v.id = "
      "d.version_id JOIN comments c ON c.id = v.comment_id WHERE c.platform_comment_id = ?",
      wave, 2);
  CHECK(matches.starts_with("spam "));
  CHECK(matches.find("\"model.spam.review\"") != std::string::npos);
  CHECK(w.query("SELECT COUNT(*) FROM strikes s JOIN comments c ON c.id = s.comment_id WHERE "
                "c.platform_comment_id = ?",
                wave) == "0");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

namespace {

// Retraining's inputs: labelled rows the admin keeps for the daemon (the wave, as `learn
// --examples` reads them), [learning] retrain every second, and `decisions` moderator decisions
// already stored, an hour ago, as a daemon that ran before would have left them.
void prepare_retraining(World& w, int decisions) {
  std::string rows;
  for (int i = 0; i < 10; ++i)
    rows += R"({"text":"join my zorblax clan today","labels":["spam"]})"
            "\n"
            R"({"text":"what time is the concert","labels":[]})"
            "\n";
  w.dir.write("wave.jsonl", rows);
  std::ofstream(w.config, std::ios::app)
      << "retrain = \"1s\"\nmin_decisions = " << decisions << "\nexamples = [\"wave.jsonl\"]\n";
  std::filesystem::create_directories(w.dir.path() / "state");
  hm::store::Store store(w.dir.path() / "state" / "hallmonitor.db");
  store.upsert_school("joseph-hood", "Joseph Hood");
  store.upsert_channel(
      {"jh-facebook", "joseph-hood", hm::moderation::Platform::facebook, FacebookPageWorld::kPage});
  for (int i = 0; i < decisions; ++i) {
    hm::moderation::Comment c;
    c.platform = hm::moderation::Platform::facebook;
    c.channel_id = "jh-facebook";
    c.platform_comment_id = "old-" + std::to_string(i);
    c.author_id = "someone";
    c.text = "see you all at the summer fair";  // shown again: not spam
    c.created_at = std::chrono::time_point_cast<std::chrono::seconds>(
        std::chrono::system_clock::now() - std::chrono::hours(1));
    const auto in = store.ingest(std::span(&c, 1), c.created_at).at(0);
    hm::store::record_learning_example(store.connection(), in.comment_id,
                                       hm::moderation::ItemOutcome::shown_again, c.created_at);
  }
}

// The daemon's log once a retrained model has been loaded by the reload that follows, or
// after 15 s.
std::string log_after_retrain_reload(DaemonProcess& daemon) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline &&
         daemon.log_text().find("reload: learning: shadow mode, model") == std::string::npos)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return daemon.log_text();
}

}  // namespace

TEST_CASE("retraining in the daemon: once enough decisions exist, learned, written and loaded") {
  World w("shadow");
  std::filesystem::remove(w.dir.path() / "spam.model");  // nothing learned yet
  prepare_retraining(w, 2);
  DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
  // The first check at start learns (two decisions, no model yet), writes, and reloads.
  const std::string log = log_after_retrain_reload(daemon);
  CHECK(log.find("learning: 2 moderator decisions, and no model in use yet") != std::string::npos);
  CHECK(log.find("(2 moderator decisions") != std::string::npos);
  REQUIRE(log.find("reload: learning: shadow mode, model") != std::string::npos);
  CHECK(std::filesystem::exists(w.dir.path() / "spam.model"));
  // The learned model judges the next comment (shadow: recorded, nothing done).
  const auto wave = w.control.add_comment("facebook", w.post, "Join my zorblax clan today!");
  const auto harmful = w.control.add_comment("facebook", w.post, "f*ck this school");
  REQUIRE(w.hidden_within(harmful, std::chrono::seconds(8)));
  CHECK(w.opinion_of(wave) == "flag 0");
  // Nothing newer than the model since: the next checks learn nothing more.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(daemon.log_text().find("learning: no decision since the model in use was learned") !=
        std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("retraining keeps the thresholds of the model in use, and waits for enough decisions") {
  // The model in use was learned long ago (trained_at 0) with the admin's own thresholds.
  World w("shadow", learned::LearnOptions{.flag_at = 0.9, .review_at = 0.3});
  prepare_retraining(w, 1);
  {
    DaemonProcess daemon(w.config, w.dir.path() / "daemon.log");
    const std::string log = log_after_retrain_reload(daemon);
    CHECK(log.find("learning: 1 moderator decision, some newer than the model in use") !=
          std::string::npos);
    daemon.signal(SIGTERM);
    CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
  }
  const auto learned_again = learned::SpamModel::load(w.dir.path() / "spam.model");
  REQUIRE(learned_again.model);
  CHECK(learned_again.model->info().trained_at > 0);
  CHECK(learned_again.model->info().examples > 40);  // the rows, everyday comments, decision
  CHECK(learned_again.model->info().flag_at == doctest::Approx(0.9));
  CHECK(learned_again.model->info().review_at == doctest::Approx(0.3));

  // Asked for more decisions than there are: nothing is learned, and the journal says why.
  const std::string config = w.dir.read("hallmonitor.toml");
  w.dir.write("hallmonitor.toml", config.substr(0, config.find("min_decisions = 1")) +
                                      "min_decisions = 5" +
                                      config.substr(config.find("min_decisions = 1") + 17));
  DaemonProcess again(w.config, w.dir.path() / "daemon-again.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  const std::string waiting =
      "learning: 1 of 5 moderator decisions so far; no model is learned until then";
  while (std::chrono::steady_clock::now() < deadline &&
         again.log_text().find(waiting) == std::string::npos)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(again.log_text().find(waiting) != std::string::npos);
  again.signal(SIGTERM);
  CHECK(again.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a damaged model file is refused with its reason; a missing one waits") {
  World w("shadow");
  auto check = [&] {
    const std::string cmd = "'" + std::string(HM_DAEMON_PATH) + "' --config '" + w.config.string() +
                            "' --check > '" + (w.dir.path() / "out").string() + "' 2> '" +
                            (w.dir.path() / "err").string() + "'";
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  w.dir.write("spam.model", "hallmonitor-spam-model 1\nfeature_bits 20\n");
  CHECK(check() == 2);
  CHECK(w.dir.read("err").find("not a usable spam model") != std::string::npos);

  std::filesystem::remove(w.dir.path() / "spam.model");
  CHECK(check() == 0);
  CHECK(w.dir.read("err").find("no model at") != std::string::npos);
  // A mode it does not know is refused with the line it is on.
  std::string text = w.dir.read("hallmonitor.toml");
  text.replace(text.find("mode = \"shadow\""), 15, "mode = \"sometimes\"");
  w.dir.write("hallmonitor.toml", text);
  CHECK(check() == 2);
  CHECK(w.dir.read("err").find("[learning] mode must be \"off\", \"shadow\" or \"active\"") !=
        std::string::npos);
}
