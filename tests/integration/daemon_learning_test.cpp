// The learned spam model in the running daemon (issue 16): in shadow mode it changes nothing on
// the platform and records what it would have done; in active mode it hides what it flags; a
// damaged model file is refused with its reason. hallmonitord and the emulator as processes on
// 127.0.0.1, bounded waits.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "filters/learned/spam_learner.hpp"
#include "filters/learned/text_features.hpp"
#include "store/store.hpp"
#include "support/daemon_process.hpp"
#include "support/facebook_page_world.hpp"

using namespace hm::test;
namespace learned = hm::filters::learned;

namespace {

// A model that knows one spam wave no rule knows ("zorblax"), learned as `hallmonitorctl learn`
// would, and written where [learning] model points.
void write_wave_model(const std::filesystem::path& file) {
  std::vector<learned::Example> examples;
  for (int i = 0; i < 10; ++i) {
    for (auto* t : {"join my zorblax clan today", "zorblax clan recruiting, join us"})
      examples.push_back({learned::feature_slots(t), true});
    for (auto* t : {"what time is the concert", "lovely photos of sports day"})
      examples.push_back({learned::feature_slots(t), false});
  }
  std::ofstream(file, std::ios::binary) << learned::learn(examples, {}).serialize();
}

struct World : FacebookPageWorld {
  std::filesystem::path config;

  explicit World(const std::string& mode) {
    write_wave_model(dir.path() / "spam.model");
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
