// hallmonitorctl's store commands, run as the real binary against a database that a "daemon"
// (a Store held open by this test) is using at the same time.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/cli_runner.hpp"
#include "support/ctl_config.hpp"
#include "support/deleting_policy.hpp"
#include "unit/store_fixture.hpp"

using namespace hm;
using namespace hm::test;

namespace {

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Setup {
  TempDir dir{"ctl"};
  fs::path config = dir.path() / "hallmonitor.toml";
  fs::path db = dir.path() / "state" / "hallmonitor.db";
  std::optional<store::Store> daemon;  // held open throughout, as hallmonitord would
  moderation::SchoolPolicy policy =
      deleting_policy("Please contact the office.");  // evidence of a deletion

  Setup() {
    fs::create_directories(dir.path() / "state");
    std::ofstream(config) << ctl_config("state");
    daemon.emplace(db);
    daemon->upsert_school("jh", "Joseph Hood Primary School");
    daemon->upsert_channel({"jh-facebook", "jh", Platform::facebook, "448242228374517"});
    post("c1", "troll", "<script>alert('pwned')</script> you are a disgrace & worse",
         {Category::abuse});
    post("c2", "troll", "second nasty one", {Category::abuse});
    post("c3", "troll", "third", {Category::abuse});
    post("c4", "parent", "Well done on sports day!", {});
  }

  void post(const std::string& id, const std::string& author, const std::string& text,
            std::initializer_list<Category> categories) {
    auto c = StoreFixture::comment(id, author, text);
    auto in = daemon->ingest(std::span<const Comment>(&c, 1), kT0).at(0);
    hm::daemon::judge_version(*daemon, in.version_id, verdict_of(categories), policy, kT0);
  }
};

}  // namespace

TEST_CASE("evidence export --comment writes a JSON bundle and an escaped, printable page") {
  Setup s;
  const fs::path out = s.dir.path() / "bundle";
  RunResult r = run_ctl(s.dir, "evidence export --config " + s.config.string() +
                                   " --comment c1 --out " + out.string());
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("chain verified") != std::string::npos);

  auto bundle = nlohmann::json::parse(slurp(out / "evidence.json"));
  REQUIRE(bundle["comments"].size() == 1);
  const auto& c = bundle["comments"][0];
  CHECK(c["platform_comment_id"] == "c1");
  CHECK(c["versions"][0]["text"].get<std::string>().find("<script>") == 0);
  CHECK(c["permalink"].get<std::string>().find("comment_id=c1") != std::string::npos);
  CHECK(c["actions"].size() == 2);
  CHECK_FALSE(bundle["audit"].empty());
  CHECK(bundle["chain"]["verified"] == true);

  const std::string html = slurp(out / "evidence.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("disgrace &amp; worse") != std::string::npos);
  CHECK(html.find(bundle["chain"]["head"]["hash"].get<std::string>()) != std::string::npos);
  // Evidence holds names and staff notes: the caller's only, whatever the umask.
  for (const char* name : {"evidence.json", "evidence.html"})
    CHECK((fs::status(out / name).permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
          fs::perms::none);
}

TEST_CASE("evidence export --author collects every comment of the author") {
  Setup s;
  const fs::path out = s.dir.path() / "author";
  RunResult r = run_ctl(s.dir, "evidence export --config " + s.config.string() +
                                   " --author troll --platform facebook --out " + out.string());
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  auto bundle = nlohmann::json::parse(slurp(out / "evidence.json"));
  CHECK(bundle["comments"].size() == 3);
  CHECK(bundle["strikes"].size() == 3);
}

TEST_CASE("evidence export: usage errors exit 2, nothing found exits 1") {
  Setup s;
  const std::string base =
      "evidence export --config " + s.config.string() + " --out " + (s.dir.path() / "x").string();
  CHECK(run_ctl(s.dir, base + " --comment nope").exit_code == 1);
  CHECK(run_ctl(s.dir, base).exit_code == 2);
  CHECK(run_ctl(s.dir, base + " --comment c1 --author troll").exit_code == 2);
  CHECK(run_ctl(s.dir, "evidence export --config " + (s.dir.path() / "missing.toml").string() +
                           " --comment c1 --out x")
            .exit_code == 2);
}

TEST_CASE("erase-author works next to the running daemon and is audited without the data") {
  Setup s;
  RunResult r = run_ctl(s.dir, "erase-author --config " + s.config.string() +
                                   " --platform facebook --author troll --actor dpo@school");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("erased 3 comment(s)") != std::string::npos);

  auto& c = s.daemon->connection();
  auto texts = c.prepare("SELECT COUNT(*) FROM comment_versions WHERE text IS NOT NULL");
  texts.step();
  CHECK(texts.int64(0) == 1);  // only the parent's comment keeps its text
  auto audit = c.prepare("SELECT actor, detail FROM audit_log WHERE event = 'author.erased'");
  REQUIRE(audit.step());
  CHECK(audit.text(0) == "dpo@school");
  CHECK(audit.text(1).find("troll") == std::string::npos);

  // The daemon's own writer carries on, and the chain holds across both processes' rows.
  s.post("c5", "parent", "another kind comment", {});
  CHECK(s.daemon->verify_audit().ok);

  // The erased author no longer matches anything.
  CHECK(run_ctl(s.dir, "evidence export --config " + s.config.string() + " --author troll --out " +
                           (s.dir.path() / "y").string())
            .exit_code == 1);
  CHECK(run_ctl(s.dir,
                "erase-author --config " + s.config.string() + " --platform myspace --author troll")
            .exit_code == 2);
}

TEST_CASE("erase-author waits for the daemon's write transaction instead of failing") {
  Setup s;
  auto daemon_tx = std::make_unique<store::WriteTransaction>(s.daemon->connection());
  std::thread daemon([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    daemon_tx->commit();
  });
  RunResult r = run_ctl(
      s.dir, "erase-author --config " + s.config.string() + " --platform facebook --author troll");
  daemon.join();
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(s.daemon->verify_audit().ok);
}

TEST_CASE("a damaged database is refused with a message naming the file") {
  Setup s;
  s.daemon.reset();
  std::filesystem::remove(s.db.string() + "-wal");
  std::filesystem::remove(s.db.string() + "-shm");
  std::ofstream(s.db, std::ios::binary | std::ios::trunc) << std::string(4096, 'x');
  RunResult r = run_ctl(
      s.dir, "erase-author --config " + s.config.string() + " --platform facebook --author troll");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(s.db.string()) != std::string::npos);
  CHECK(r.err.find("refusing to start") != std::string::npos);
}
