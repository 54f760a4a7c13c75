// hallmonitorctl connect facebook|instagram|x end to end against the emulator (real processes,
// bounded waits), the files it writes used by hallmonitord to poll, and
// hallmonitord --check --online passing on good channels and failing, in plain words, on a bad
// token, a wrong account id and a missing permission.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "support/cli_runner.hpp"
#include "support/daemon_process.hpp"
#include "support/emulator_process.hpp"

extern char** environ;

using namespace hm::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPage = "448242228374517";
constexpr const char* kIg = "17841430541631416";
constexpr const char* kXUser = "2244994945";

struct World {
  TempDir dir;
  asio::io_context io;
  EmulatorProcess emulator;
  EmulatorControl control{io, emulator};

  World() {
    control.post("/_emulator/accounts", {{"platform", "facebook"},
                                         {"account_id", kPage},
                                         {"name", "Joseph Hood"},
                                         {"access_token", "seed-fb"}});
    control.post("/_emulator/accounts", {{"platform", "facebook"},
                                         {"account_id", "448242228370000"},
                                         {"name", "Joseph Hood PTA"},
                                         {"access_token", "seed-pta"}});
    control.post("/_emulator/accounts", {{"platform", "instagram"},
                                         {"account_id", kIg},
                                         {"username", "josephhood"},
                                         {"access_token", "seed-ig"}});
    control.post("/_emulator/accounts", {{"platform", "x"},
                                         {"account_id", kXUser},
                                         {"username", "JosephHood"},
                                         {"access_token", "seed-x"},
                                         {"refresh_token", "seed-rt"},
                                         {"client_id", "x-client"},
                                         {"client_secret", "x-secret"}});
    dir.write("app_secret", "meta-app-secret\n");
    dir.write("user_token", "SHORT-USER\n");
    dir.write("x_secret", "x-secret\n");
  }

  void meta_user(const json& permissions = nullptr) {
    json b = {
        {"user_id", "900"},
        {"name", "IT Admin"},
        {"user_token", "SHORT-USER"},
        {"app_id", "5550001"},
        {"app_secret", "meta-app-secret"},
        {"pages",
         {{{"page_id", "448242228370000"}, {"tasks", {"ANALYZE"}}},
          {{"page_id", kPage}, {"tasks", {"MODERATE", "CREATE_CONTENT"}}, {"instagram_id", kIg}}}}};
    if (!permissions.is_null()) b["permissions"] = permissions;
    control.post("/_emulator/meta_users", b);
  }

  std::string common(const std::string& out) const {
    return "--out '" + (dir.path() / "credentials" / out).string() + "' --api-base " +
           emulator.graph_base() + " --ca-file '" + emulator.ca_file().string() + "'";
  }
  std::string meta_args(const std::string& platform, const std::string& out) const {
    return "connect " + platform + " " + common(out) + " --app-id 5550001 --app-secret-file '" +
           (dir.path() / "app_secret").string() + "' --user-token-file '" +
           (dir.path() / "user_token").string() + "'";
  }
  json file(const std::string& name) const { return json::parse(dir.read("credentials/" + name)); }
  // The [[school.channel]] lines connect printed (from the table header to the end).
  static std::string lines_of(const std::string& out) {
    auto at = out.find("[[school.channel]]");
    return at == std::string::npos ? std::string{} : out.substr(at);
  }
  fs::path config(const std::string& channels, const std::string& poll = "1s") const {
    fs::create_directories(dir.path() / "credentials");
    return dir.write("hallmonitor.toml",
                     "[daemon]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:0\"\n"
                     "poll_interval = \"" +
                         poll + "\"\ncredentials_dir = \"credentials\"\n[filters]\ndir = \"" +
                         std::string(HM_SOURCE_DIR) +
                         "/config/filters\"\n[[school]]\nid = \"jh\"\n" + channels);
  }
  RunResult check_online(const fs::path& cfg) const {
    const std::string cmd = "timeout 60 '" + std::string(HM_DAEMON_PATH) + "' --config '" +
                            cfg.string() + "' --check --online > '" +
                            (dir.path() / "check.out").string() + "' 2> '" +
                            (dir.path() / "check.err").string() + "'";
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, dir.read("check.out"),
            dir.read("check.err")};
  }

  // connect x as an admin does it: read the authorise URL it prints, "click Authorize" (fetch
  // the URL; the emulator answers with the redirect), paste the redirect URL back on stdin.
  RunResult connect_x(const std::string& extra = {}) {
    int in[2];
    REQUIRE(::pipe(in) == 0);
    const fs::path out = dir.path() / "x.out", err = dir.path() / "x.err";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = {HM_CTL_PATH,
                                     "connect",
                                     "x",
                                     "--out",
                                     (dir.path() / "credentials" / "jh-x").string(),
                                     "--api-base",
                                     emulator.x_base(),
                                     "--ca-file",
                                     emulator.ca_file().string(),
                                     "--client-id",
                                     "x-client",
                                     "--client-secret-file",
                                     (dir.path() / "x_secret").string(),
                                     "--redirect-uri",
                                     "https://school.example/hallmonitor/callback",
                                     "--channel",
                                     "jh-x"};
    if (!extra.empty()) args.push_back(extra);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, HM_CTL_PATH, &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    std::string url;
    for (int i = 0; i < 200 && url.empty(); ++i) {  // up to 20 s for the URL to be printed
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const std::string text = dir.read("x.out");
      auto at = text.find("https://127.0.0.1:");
      if (at != std::string::npos && text.find('\n', at) != std::string::npos)
        url = text.substr(at, text.find('\n', at) - at);
    }
    std::string pasted;
    if (!url.empty()) {
      hm::connectors::HttpsClientOptions o;
      o.host = "127.0.0.1";
      o.port = std::to_string(emulator.port());
      o.ca_file = emulator.ca_file();
      hm::connectors::HttpsClient client(io.get_executor(), o);
      hm::connectors::HttpRequest r;
      r.url = *hm::connectors::parse_https_url(url);
      auto answer = run_sync(io, client.request(r));
      if (auto loc = answer.header("Location")) pasted = std::string(*loc);
    }
    pasted += "\n";
    (void)!::write(in[1], pasted.data(), pasted.size());
    ::close(in[1]);
    int status = 0;
    for (int i = 0; i < 300; ++i) {  // up to 30 s
      if (::waitpid(pid, &status, WNOHANG) == pid) break;
      if (i == 299) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, dir.read("x.out"), dir.read("x.err")};
  }
};

}  // namespace

TEST_CASE(
    "connect facebook: exchange, list, pick by number; the Page's token in a 0600 file "
    "that a real poll uses, and the printed lines are a working channel") {
  World w;
  w.meta_user();
  fs::create_directories(w.dir.path() / "credentials");
  auto r = run_ctl(w.dir, w.meta_args("facebook", "jh-facebook") + " --channel jh-facebook", "2\n");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1. the Page Joseph Hood PTA (id 448242228370000) - CANNOT moderate") !=
        std::string::npos);
  CHECK(r.out.find("2. the Page Joseph Hood (id 448242228374517) - can moderate") !=
        std::string::npos);
  // Secrets never printed.
  for (const auto& s : {"meta-app-secret", "SHORT-USER", "hmpg-", "hmusr-"}) {
    CHECK(r.out.find(s) == std::string::npos);
    CHECK(r.err.find(s) == std::string::npos);
  }
  const fs::path file = w.dir.path() / "credentials" / "jh-facebook";
  CHECK((fs::status(file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  const json creds = w.file("jh-facebook");
  CHECK(creds["app_secret"] == "meta-app-secret");
  const std::string token = creds["access_token"];
  CHECK(token.rfind("hmpg-", 0) == 0);

  // Not over an existing file without --force.
  auto again = run_ctl(w.dir, w.meta_args("facebook", "jh-facebook"), "2\n");
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already exists") != std::string::npos);
  CHECK(w.file("jh-facebook")["access_token"] == token);
  // A Page without MODERATE is refused.
  auto no_moderate = run_ctl(w.dir, w.meta_args("facebook", "pta") + " --account 448242228370000");
  CHECK(no_moderate.exit_code == 2);
  CHECK(no_moderate.err.find("has no MODERATE task") != std::string::npos);
  CHECK_FALSE(fs::exists(w.dir.path() / "credentials" / "pta"));

  // The printed lines, as they are, make a channel the daemon polls and moderates with.
  const fs::path cfg = w.config(World::lines_of(r.out));
  auto post = w.control.add_post("facebook", kPage, "Sports day photos!");
  auto harmful = w.control.add_comment("facebook", post, "f*ck this school, the head is a tw@t");
  {
    DaemonProcess daemon(cfg, w.dir.path() / "daemon.log");
    bool hidden = false;
    for (int i = 0; i < 100 && !hidden; ++i) {
      hidden = w.control.comment(harmful).value("hidden", false);
      if (!hidden) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO(daemon.log_text());
    CHECK(hidden);
  }
  auto online = w.check_online(cfg);
  INFO(online.err);
  CHECK(online.exit_code == 0);
  CHECK(online.out.find("channel 'jh-facebook' (facebook, account 448242228374517): OK") !=
        std::string::npos);
  CHECK(online.out.find("the Page \"Joseph Hood\"") != std::string::npos);
  CHECK(online.out.find("Meta's rate limits: ") != std::string::npos);
}

TEST_CASE(
    "connect instagram: the Instagram account linked to a Page, picked by --account; and "
    "Instagram Login's exchange and /me") {
  World w;
  w.meta_user();
  fs::create_directories(w.dir.path() / "credentials");
  auto r = run_ctl(w.dir, w.meta_args("instagram", "jh-instagram") + " --account " + kIg);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1. @josephhood (Instagram account 17841430541631416, linked to the Page "
                   "Joseph Hood) - can moderate") != std::string::npos);
  CHECK(r.out.find("account_id = \"17841430541631416\"") != std::string::npos);
  CHECK(w.file("jh-instagram")["access_token"].get<std::string>().rfind("hmpg-", 0) == 0);
  auto wrong = run_ctl(w.dir, w.meta_args("instagram", "other") + " --account 123");
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err.find("--account 123 is not among them") != std::string::npos);

  // Instagram Login: the emulator serves graph.instagram.com under /graph.instagram.com.
  w.control.post("/_emulator/instagram_logins",
                 {{"account_id", kIg}, {"user_token", "IG-SHORT"}, {"app_secret", "ig-secret"}});
  w.dir.write("ig_secret", "ig-secret\n");
  const std::string ig_base = w.emulator.origin() + "/graph.instagram.com/v25.0";
  auto ig = run_ctl(w.dir,
                    "connect instagram --login instagram --out '" +
                        (w.dir.path() / "credentials" / "jh-ig-login").string() + "' --api-base " +
                        ig_base + " --ca-file '" + w.emulator.ca_file().string() +
                        "' --app-secret-file '" + (w.dir.path() / "ig_secret").string() + "'",
                    "IG-SHORT\n");
  INFO(ig.err);
  REQUIRE(ig.exit_code == 0);
  CHECK(ig.out.find("Long-lived Instagram token: lasts 60 days") != std::string::npos);
  CHECK(ig.out.find("login = \"instagram\"") != std::string::npos);
  CHECK(ig.out.find("account_id = \"17841430541631416\"") != std::string::npos);
  CHECK(ig.out.find("IG-SHORT") == std::string::npos);
  CHECK(w.file("jh-ig-login")["access_token"].get<std::string>().rfind("hmig-", 0) == 0);

  // --check --online on both flavours (the config's login key comes with Instagram Login
  // support: login = "instagram" says which flavour).
  const std::string ca = w.emulator.ca_file().string();
  auto cfg = w.config(
      "[[school.channel]]\nid = \"jh-instagram\"\nplatform = \"instagram\"\naccount_id = \"" +
          std::string(kIg) + "\"\ncredential = \"jh-instagram\"\napi_base = \"" +
          w.emulator.graph_base() + "\"\nca_file = \"" + ca +
          "\"\n[[school.channel]]\nid = \"jh-ig-login\"\nplatform = \"instagram\"\naccount_id = "
          "\"" +
          kIg + "\"\ncredential = \"jh-ig-login\"\nlogin = \"instagram\"\napi_base = \"" + ig_base +
          "\"\nca_file = \"" + ca + "\"\n",
      "60s");
  auto online = w.check_online(cfg);
  INFO(online.out, online.err);
  CHECK(online.exit_code == 0);
  CHECK(online.out.find("channel 'jh-instagram' (instagram, account 17841430541631416): OK") !=
        std::string::npos);
  CHECK(online.out.find("channel 'jh-ig-login' (instagram, account 17841430541631416): OK") !=
        std::string::npos);
  CHECK(online.out.find("the Instagram-Login token works for @josephhood") != std::string::npos);
}

TEST_CASE(
    "connect x: the PKCE flow through the authorise redirect; the file's refresh token "
    "keeps the channel polling; --check --online reads the account and its limits") {
  World w;
  fs::create_directories(w.dir.path() / "credentials");
  auto r = w.connect_x();
  INFO(r.out, r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("code_challenge_method=S256") != std::string::npos);
  CHECK(r.out.find("scope=tweet.read%20users.read%20tweet.moderate.write%20offline.access") !=
        std::string::npos);
  CHECK(r.out.find("for @JosephHood (X account 2244994945)") != std::string::npos);
  CHECK(r.out.find("x-secret") == std::string::npos);
  const json creds = w.file("jh-x");
  CHECK(creds["client_id"] == "x-client");
  CHECK(creds["client_secret"] == "x-secret");
  CHECK(creds["refresh_token"].get<std::string>().rfind("hmx-rt-", 0) == 0);
  CHECK((fs::status(w.dir.path() / "credentials" / "jh-x").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));

  const fs::path cfg = w.config(World::lines_of(r.out), "90s");
  auto online = w.check_online(cfg);
  INFO(online.out, online.err);
  CHECK(online.exit_code == 0);
  CHECK(online.out.find("the token works for @JosephHood") != std::string::npos);
  CHECK(online.out.find("X's rate limit on mentions: ") != std::string::npos);

  // The daemon polls with the file: the access token has expired, so it must spend the refresh
  // token connect stored (counted from here: the online check read mentions once already).
  w.control.post("/_emulator/clock", {{"advance_seconds", 7300}});
  auto ok_mentions = [&] {
    int n = 0;
    const json s = w.control.state();  // alive for the loop
    for (const auto& c : s.at("calls"))
      if (c.at("path").get<std::string>().find("/mentions") != std::string::npos &&
          c.at("status") == 200)
        ++n;
    return n;
  };
  const int before = ok_mentions();
  w.config(World::lines_of(r.out), "1s");
  {
    DaemonProcess daemon(cfg, w.dir.path() / "daemon.log");
    bool polled = false;
    for (int i = 0; i < 100 && !polled; ++i) {
      polled = ok_mentions() > before;
      if (!polled) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO(daemon.log_text());
    CHECK(polled);
    CHECK(w.control.state()["tokens"]["spent_refresh"].size() >=
          2);  // connect's seed, then its own
  }

  // A code pasted for someone else's run (state mismatch) is refused.
  w.dir.write("bad_paste", "");
  auto bad = run_ctl(
      w.dir,
      "connect x --out '" + (w.dir.path() / "credentials" / "x2").string() + "' --api-base " +
          w.emulator.x_base() + " --ca-file '" + w.emulator.ca_file().string() +
          "' --client-id x-client --client-secret-file '" + (w.dir.path() / "x_secret").string() +
          "' --redirect-uri https://school.example/cb",
      "https://school.example/cb?state=other&code=abc\n");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("state does not match") != std::string::npos);
  CHECK_FALSE(fs::exists(w.dir.path() / "credentials" / "x2"));
}

TEST_CASE(
    "--check --online fails in plain words: a bad token, a wrong account id, a missing "
    "permission; --check alone flags a raw token file, a Page name and a short poll") {
  World w;
  w.meta_user(json::array({"pages_show_list", "pages_read_engagement"}));  // no manage
  fs::create_directories(w.dir.path() / "credentials");
  auto r = run_ctl(w.dir, w.meta_args("facebook", "limited") + " --account " + kPage);
  REQUIRE(r.exit_code == 0);
  w.dir.write("credentials/bad-token", R"({"access_token":"not-a-token"})");
  w.dir.write("credentials/seed", R"({"access_token":"seed-fb"})");
  const std::string tail = "\"\napi_base = \"" + w.emulator.graph_base() + "\"\nca_file = \"" +
                           w.emulator.ca_file().string() + "\"\n";
  auto channel = [&](const std::string& id, const std::string& account,
                     const std::string& credential) {
    return "[[school.channel]]\nid = \"" + id + "\"\nplatform = \"facebook\"\naccount_id = \"" +
           account + "\"\ncredential = \"" + credential + tail;
  };
  auto cfg =
      w.config(channel("limited", kPage, "limited") + channel("bad-token", kPage, "bad-token") +
                   channel("wrong-id", "448242228370000", "seed"),
               "60s");
  auto online = w.check_online(cfg);
  INFO(online.out, online.err);
  CHECK(online.exit_code == 2);
  CHECK(online.out.find("channel 'limited' (facebook, account 448242228374517): FAILED\n  - the "
                        "token lacks the permissions pages_read_user_content, "
                        "pages_manage_engagement: hallmonitor could not read or hide comments") !=
        std::string::npos);
  CHECK(online.out.find("channel 'bad-token' (facebook, account 448242228374517): FAILED\n  - "
                        "the token was refused: Meta said (code 190)") != std::string::npos);
  CHECK(online.out.find("the token is not valid any more") != std::string::npos);
  CHECK(online.out.find("channel 'wrong-id' (facebook, account 448242228370000): FAILED\n  - the "
                        "token is the Page 448242228374517's, but account_id is "
                        "448242228370000") != std::string::npos);
  CHECK(online.out.find("online check: 3 of 3 channel(s) FAILED") != std::string::npos);
  CHECK(online.out.find("not-a-token") == std::string::npos);

  // Offline: what --check passed before.
  w.dir.write("credentials/raw", "EAABraw-token-pasted-alone\n");
  auto offline_cfg = w.config(
      "[[school.channel]]\nid = \"raw\"\nplatform = \"facebook\"\n"
      "account_id = \"Joseph Hood School\"\ncredential = \"raw\"\n"
      "[[school.channel]]\nid = \"fast-x\"\nplatform = \"x\"\n"
      "account_id = \"2244994945\"\ncredential = \"x\"\n"
      "poll_interval = \"30s\"\n");
  w.dir.write("credentials/x", R"({"client_id":"a","refresh_token":"b"})");
  const std::string cmd = "timeout 60 '" + std::string(HM_DAEMON_PATH) + "' --config '" +
                          offline_cfg.string() + "' --check 2> '" +
                          (w.dir.path() / "off.err").string() + "' > /dev/null";
  int status = std::system(cmd.c_str());
  const std::string err = w.dir.read("off.err");
  INFO(err);
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(err.find("channel 'raw': account_id \"Joseph Hood School\" is not a number: it must be "
                 "the Page's numeric id, not its name") != std::string::npos);
  CHECK(err.find("channel 'raw': credential 'raw' is not JSON (a token pasted on its own?)") !=
        std::string::npos);
  // The poll warning needs a config that is otherwise good.
  auto slow_cfg = w.config(
      "[[school.channel]]\nid = \"fast-x\"\nplatform = \"x\"\n"
      "account_id = \"2244994945\"\ncredential = \"x\"\n"
      "poll_interval = \"30s\"\n");
  const std::string cmd2 = "timeout 60 '" + std::string(HM_DAEMON_PATH) + "' --config '" +
                           slow_cfg.string() + "' --check 2> '" +
                           (w.dir.path() / "slow.err").string() + "' > /dev/null";
  status = std::system(cmd2.c_str());
  const std::string slow = w.dir.read("slow.err");
  INFO(slow);
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(slow.find("warning: channel 'fast-x': poll_interval 30s is shorter than 90s") !=
        std::string::npos);
}
