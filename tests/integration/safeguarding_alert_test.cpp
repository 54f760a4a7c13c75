// Safeguarding alerts end to end (issue 6): the emulator and hallmonitord as processes, and in
// this test a local HTTPS webhook receiver and a local SMTP server with STARTTLS, all on
// 127.0.0.1 with a test certificate. A safeguarding comment posted on the emulator reaches the
// receivers with the console link and without the comment's text; retries; no mail in clear.
// Bounded waits everywhere; processes, threads and temp folders are cleaned up.
// The "a channel stopped" notice to admins is tested here too (so this file is over 400 lines),
// on the same receivers and world rather than a copy of them in a second file.
#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "daemon/alerts/mime.hpp"
#include "store/accounts.hpp"
#include "store/store.hpp"
#include "support/daemon_process.hpp"
#include "support/emulator_process.hpp"
#include "support/smtp_test_server.hpp"
#include "support/tls_test_server.hpp"

using namespace hm::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPage = "448242228374517";
constexpr const char* kHookPath = "/hooks/T0001/B0002/s3cretW3bhookT0ken";
constexpr const char* kSmtpPassword = "s3cret-smtp-pass";
// From ../shared/corpus/dev.jsonl, labelled safeguarding (contact request to pupils).
constexpr const char* kSafeguarding = "Which of these girls has snapchat? add me x";
constexpr const char* kClean = "Lovely photos, well done everyone!";
// Words of the comment, and its author's name, that must appear in no alert.
const std::vector<std::string> kNever = {"snapchat", "girls", "add me", "Parent 9001",
                                         kSafeguarding};

struct Post {
  std::string target;
  std::string content_type;
  std::string body;
};

// The test's receivers, on their own io_context thread so the test can block while they run.
struct Receivers {
  TempDir certs;
  asio::io_context io;
  std::mutex mutex;
  std::vector<Post> posts;
  std::vector<unsigned> statuses;  // what the webhook answers, in turn; then 200
  std::optional<TlsTestServer> webhook;
  std::optional<SmtpTestServer> smtp;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;

  Receivers(std::vector<unsigned> webhook_statuses, SmtpServerOptions smtp_options)
      : statuses(std::move(webhook_statuses)) {
    make_certificate(certs.path(), "IP:127.0.0.1,DNS:localhost");
    webhook.emplace(io, certs.path(), [this](const http::request<http::string_body>& req) {
      std::lock_guard lock(mutex);
      posts.push_back(
          {std::string(req.target()), std::string(req[http::field::content_type]), req.body()});
      ScriptedReply reply;
      reply.status = posts.size() <= statuses.size() ? statuses[posts.size() - 1] : 200;
      reply.body = reply.status == 200 ? "ok" : "server_error";
      return reply;
    });
    smtp.emplace(io, certs.path(), std::move(smtp_options));
    work.emplace(io.get_executor());
    thread = std::thread([this] { io.run(); });
  }
  ~Receivers() {
    io.stop();
    thread.join();
  }
  fs::path ca() const { return certs.path() / "cert.pem"; }
  std::vector<Post> received() {
    std::lock_guard lock(mutex);
    return posts;
  }
};

std::string expected_auth() {
  return hm::daemon::alerts::base64(std::string("\0hallmonitor\0", 13) + kSmtpPassword);
}

struct World {
  TempDir dir;
  asio::io_context io;
  EmulatorProcess emulator;
  EmulatorControl control{io, emulator};
  std::string post;

  World() {
    control.post("/_emulator/accounts", {{"platform", "facebook"},
                                         {"account_id", kPage},
                                         {"name", "Joseph Hood"},
                                         {"access_token", "EAAB-test"}});
    post = control.add_post("facebook", kPage, "Sports day photos!");
    write("credentials/jh-facebook", R"({"access_token":"EAAB-test"})");
    fs::copy(fs::path(HM_SOURCE_DIR) / "config" / "filters", dir.path() / "filters",
             fs::copy_options::recursive);
  }

  fs::path write(const std::string& name, const std::string& content) const {
    auto p = dir.path() / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  // `alerts` goes at the top level ([alerts]); `safeguarding` into [school.safeguarding].
  fs::path config(const std::string& alerts, const std::string& safeguarding) const {
    return write("hallmonitor.toml", R"([daemon]
state_dir = "state"
listen = "127.0.0.1:0"
poll_interval = "1s"
credentials_dir = "credentials"
[filters]
dir = "filters"
[console]
public_url = "https://hallmonitor.test/"
)" + alerts + R"(
[[school]]
id = "joseph-hood"
name = "Joseph Hood Primary School"
[school.safeguarding]
)" + safeguarding + R"(
[[school.channel]]
id = "jh-facebook"
platform = "facebook"
account_id = ")" + std::string(kPage) + R"("
credential = "jh-facebook"
api_base = ")" + emulator.graph_base() + R"("
ca_file = ")" + emulator.ca_file().string() +
                                         "\"\n");
  }

  std::string smtp_alerts(const Receivers& r) const {
    write("credentials/smtp-password", std::string(kSmtpPassword) + "\n");
    return "[alerts]\nsmtp_server = \"127.0.0.1:" + std::to_string(r.smtp->port()) +
           "\"\nsmtp_from = \"hallmonitor@school.example\"\nsmtp_username = \"hallmonitor\"\n"
           "smtp_credential = \"smtp-password\"\nsmtp_ca_file = \"" +
           r.ca().string() + "\"\n";
  }
  std::string webhook_safeguarding(const Receivers& r) const {
    write("credentials/jh-webhook",
          "https://127.0.0.1:" + std::to_string(r.webhook->port()) + kHookPath + "\n");
    return "webhook_credential = \"jh-webhook\"\nwebhook_ca_file = \"" + r.ca().string() + "\"\n";
  }

  // The console's id for a platform comment, once the daemon has stored it (bounded wait).
  std::int64_t comment_id(const std::string& platform_id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      if (fs::exists(dir.path() / "state" / "hallmonitor.db")) {
        auto db = hm::store::open_reader(dir.path() / "state" / "hallmonitor.db");
        auto s = db.prepare("SELECT id FROM comments WHERE platform_comment_id = ?");
        s.bind(1, platform_id);
        if (s.step()) return s.int64(0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("the daemon never stored comment " << platform_id);
    return 0;
  }
  struct AlertState {
    std::string state;
    int attempts = 0;
    std::string last_error;
    bool webhook_sent = false, email_sent = false;
  };
  std::optional<AlertState> alert(std::int64_t comment_id) {
    auto db = hm::store::open_reader(dir.path() / "state" / "hallmonitor.db");
    auto s = db.prepare(
        "SELECT state, attempts, COALESCE(last_error, ''), webhook_sent_at IS NOT NULL, "
        "email_sent_at IS NOT NULL FROM safeguarding_alerts WHERE comment_id = ?");
    s.bind(1, comment_id);
    if (!s.step()) return std::nullopt;
    return AlertState{s.text(0), int(s.int64(1)), s.text(2), s.int64(3) != 0, s.int64(4) != 0};
  }
  std::int64_t alert_rows() {
    auto db = hm::store::open_reader(dir.path() / "state" / "hallmonitor.db");
    auto s = db.prepare("SELECT COUNT(*) FROM safeguarding_alerts");
    s.step();
    return s.int64(0);
  }
};

template <class Pred>
bool eventually(Pred pred, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

void check_no_comment(const std::string& where, const std::string& text) {
  for (const auto& word : kNever) {
    INFO(where << " must not contain \"" << word << "\"");
    CHECK(text.find(word) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("a safeguarding comment alerts the lead by webhook and e-mail, without its text") {
  World w;
  Receivers r({}, {true, expected_auth()});
  auto config =
      w.config(w.smtp_alerts(r), "email = [\"dsl@school.example\"]\n" + w.webhook_safeguarding(r));
  DaemonProcess daemon(config, w.dir.path() / "daemon.log");
  auto clean = w.control.add_comment("facebook", w.post, kClean);
  auto harmful = w.control.add_comment("facebook", w.post, kSafeguarding);
  const auto posted = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> hooked, mailed;
  // Bounded: poll interval 1 s, then one webhook call and one SMTP conversation.
  REQUIRE(eventually(
      [&] {
        if (!hooked && !r.received().empty()) hooked = std::chrono::steady_clock::now();
        if (!mailed && !r.smtp->mails().empty()) mailed = std::chrono::steady_clock::now();
        return hooked && mailed;
      },
      std::chrono::seconds(20)));
  auto ms = [&](auto t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t - posted).count();
  };
  MESSAGE("from posting to the webhook: " << ms(*hooked) << " ms; to the mailbox: " << ms(*mailed)
                                          << " ms (poll interval 1 s)");
  const auto id = w.comment_id(harmful);
  w.comment_id(clean);                                           // both stored
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // a few more polls: no repeats
  const std::string link = "https://hallmonitor.test/#/comment/" + std::to_string(id);

  auto posts = r.received();
  REQUIRE(posts.size() == 1);
  CHECK(posts[0].target == kHookPath);
  CHECK(posts[0].content_type == "application/json");
  const auto body = nlohmann::json::parse(posts[0].body);
  const std::string text = body.at("text");
  CHECK(text.find(link) != std::string::npos);
  CHECK(text.find("/#/comment/" + std::to_string(id)) != std::string::npos);
  CHECK(text.find("Joseph Hood Primary School") != std::string::npos);
  CHECK(text.find("safeguarding") != std::string::npos);
  check_no_comment("the webhook body", posts[0].body);

  auto mails = r.smtp->mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].tls);
  CHECK(mails[0].authenticated);
  CHECK(mails[0].from == "<hallmonitor@school.example>");
  CHECK(mails[0].recipients == std::vector<std::string>{"<dsl@school.example>"});
  CHECK(mails[0].data.find("Subject: Safeguarding alert: Joseph Hood Primary School\r\n") !=
        std::string::npos);
  CHECK(mails[0].data.find(link) != std::string::npos);
  check_no_comment("the e-mail", mails[0].data);
  // In clear: only the greeting's EHLO and STARTTLS.
  CHECK(r.smtp->commands_in_clear().size() == 2);

  CHECK(w.alert_rows() == 1);  // the clean comment raised none
  auto row = w.alert(id);
  REQUIRE(row);
  CHECK(row->state == "sent");
  CHECK(row->webhook_sent);
  CHECK(row->email_sent);

  const std::string log = daemon.log_text();
  CHECK(log.find("<6>alert: school joseph-hood comment " + std::to_string(id) +
                 " sent by webhook") != std::string::npos);
  CHECK(log.find("<6>alert: school joseph-hood comment " + std::to_string(id) + " sent by email") !=
        std::string::npos);
  CHECK(log.find("s3cretW3bhookT0ken") == std::string::npos);
  CHECK(log.find(kSmtpPassword) == std::string::npos);
  check_no_comment("the daemon's log", log);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a webhook answering 500 is retried, and the alert is delivered once") {
  World w;
  Receivers r({500}, {});
  auto config = w.config("", w.webhook_safeguarding(r));
  DaemonProcess daemon(config, w.dir.path() / "daemon.log");
  auto harmful = w.control.add_comment("facebook", w.post, kSafeguarding);
  const auto id = w.comment_id(harmful);
  // The first retry comes 7.5-10 s after the failure.
  REQUIRE(eventually([&] { return r.received().size() >= 2; }, std::chrono::seconds(30)));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto posts = r.received();
  CHECK(posts.size() == 2);  // the 500, then the one delivery
  CHECK(posts[0].body == posts[1].body);
  auto row = w.alert(id);
  REQUIRE(row);
  CHECK(row->state == "sent");
  CHECK(row->attempts == 1);
  const std::string log = daemon.log_text();
  CHECK(log.find("webhook 127.0.0.1: HTTP 500 server_error); will retry") != std::string::npos);
  CHECK(log.find("sent by webhook") != std::string::npos);
  CHECK(log.find("s3cretW3bhookT0ken") == std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("an SMTP server without STARTTLS gets no mail and no password in clear; retried") {
  World w;
  Receivers r({}, {false, expected_auth()});
  auto config = w.config(w.smtp_alerts(r), "email = [\"dsl@school.example\"]\n");
  DaemonProcess daemon(config, w.dir.path() / "daemon.log");
  auto harmful = w.control.add_comment("facebook", w.post, kSafeguarding);
  const auto id = w.comment_id(harmful);
  // The first attempt, then the retry 7.5-10 s later.
  REQUIRE(eventually([&] { return r.smtp->connections() >= 2; }, std::chrono::seconds(30)));
  REQUIRE(
      eventually([&] { return r.smtp->commands_in_clear().size() >= 2; }, std::chrono::seconds(5)));
  CHECK(r.smtp->mails().empty());
  for (const auto& command : r.smtp->commands_in_clear()) CHECK(command.rfind("EHLO ", 0) == 0);
  auto row = w.alert(id);
  REQUIRE(row);
  CHECK(row->state == "pending");
  CHECK(row->attempts >= 1);
  CHECK(row->last_error.find("does not offer STARTTLS") != std::string::npos);
  CHECK_FALSE(row->email_sent);
  const std::string log = daemon.log_text();
  CHECK(log.find("alert: school joseph-hood comment " + std::to_string(id) +
                 ": not delivered (email: smtp 127.0.0.1:" + std::to_string(r.smtp->port()) +
                 ": SMTP EHLO: the server does not offer STARTTLS; refusing to send mail in "
                 "clear); will retry") != std::string::npos);
  CHECK(log.find(kSmtpPassword) == std::string::npos);
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a school with no transport: said at start, and its alert is failed for the console") {
  World w;
  auto config = w.config("", "");
  DaemonProcess daemon(config, w.dir.path() / "daemon.log");
  CHECK(daemon.log_text().find("school joseph-hood has no safeguarding webhook or e-mail") !=
        std::string::npos);
  auto harmful = w.control.add_comment("facebook", w.post, kSafeguarding);
  const auto id = w.comment_id(harmful);
  REQUIRE(eventually([&] { return w.alert(id) && w.alert(id)->state == "failed"; },
                     std::chrono::seconds(10)));
  CHECK(w.alert(id)->last_error == "no transport configured");
  daemon.signal(SIGTERM);
  CHECK(daemon.wait_exit(std::chrono::seconds(10)) == 0);
}

// The body of a quoted-printable e-mail as text (soft breaks joined, =XX decoded).
static std::string qp_decoded(const std::string& data) {
  const std::string body = data.substr(std::min(data.size(), data.find("\r\n\r\n") + 4));
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body.compare(i, 3, "=\r\n") == 0) {
      i += 2;
    } else if (body[i] == '=' && i + 2 < body.size() && std::isxdigit((unsigned char)body[i + 1]) &&
               std::isxdigit((unsigned char)body[i + 2])) {
      out += char(std::stoi(body.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += body[i];
    }
  }
  return out;
}

// Users made before the daemon starts, straight in the database it will open.
static void with_accounts(
    const World& w, const std::function<void(hm::store::Accounts&, hm::moderation::Time)>& body) {
  fs::create_directories(w.dir.path() / "state");
  hm::store::Store store(w.dir.path() / "state" / "hallmonitor.db");
  hm::store::Accounts accounts(store.connection());
  body(accounts,
       std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

TEST_CASE("a channel whose token is refused is told to the school's admins once, across restarts") {
  World w;
  Receivers r({}, {true, expected_auth()});
  // Admins with addresses (of this school and of every school), and some who are not told.
  with_accounts(w, [](hm::store::Accounts& accounts, hm::moderation::Time now) {
    auto add = [&](const std::string& name, hm::store::Role role, const std::string& school,
                   const std::string& email) {
      REQUIRE(accounts.add_user(name, "a long test password", {{role, school}}, "test", now));
      if (!email.empty()) REQUIRE(accounts.update_user(name, {{}, email, {}}, "test", now));
    };
    add("head", hm::store::Role::admin, "joseph-hood", "head@josephhood.example");
    add("it", hm::store::Role::admin, "*", "it@trust.example");
    add("office", hm::store::Role::moderator, "joseph-hood", "office@josephhood.example");
    add("oak-admin", hm::store::Role::admin, "oak", "head@oak.example");
    add("no-address", hm::store::Role::admin, "joseph-hood", "");
  });
  // Every listing is refused as an expired token, in this run and the next.
  w.control.fault("facebook", "expired_token", 100000, "/feed");
  auto config = w.config(w.smtp_alerts(r), "");
  {
    DaemonProcess daemon(config, w.dir.path() / "daemon.log");
    REQUIRE(eventually([&] { return !r.smtp->mails().empty(); }, std::chrono::seconds(20)));
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // more polls: no second notice
    daemon.signal(SIGKILL);
    daemon.wait_exit(std::chrono::seconds(10));
  }
  auto mails = r.smtp->mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].tls);
  CHECK(mails[0].recipients ==
        std::vector<std::string>{"<head@josephhood.example>", "<it@trust.example>"});
  CHECK(mails[0].data.find("Subject: hallmonitor: Facebook stopped at Joseph Hood Primary School: "
                           "action needed\r\n") != std::string::npos);
  const std::string body = qp_decoded(mails[0].data);
  CHECK(body.find("the platform refused its access token or a permission") != std::string::npos);
  CHECK(body.find("(jh-facebook)") != std::string::npos);
  CHECK(body.find("190") != std::string::npos);  // what Facebook said
  CHECK(body.find("Renew the channel's access token") != std::string::npos);
  CHECK(body.find("https://hallmonitor.test/#/today") != std::string::npos);

  // Restarted with the token still refused: the channel stops again, nobody is told twice.
  {
    DaemonProcess again(config, w.dir.path() / "daemon2.log");
    REQUIRE(
        again.wait_for_log("stopped, the access token is not accepted", std::chrono::seconds(10)));
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    CHECK(r.smtp->mails().size() == 1);
    again.signal(SIGTERM);
    CHECK(again.wait_exit(std::chrono::seconds(10)) == 0);
  }
  auto db = hm::store::open_reader(w.dir.path() / "state" / "hallmonitor.db");
  auto s =
      db.prepare("SELECT COUNT(*), MIN(state), MIN(email_sent_at IS NOT NULL) FROM channel_alerts");
  REQUIRE(s.step());
  CHECK(s.int64(0) == 1);
  CHECK(s.text(1) == "sent");
  CHECK(s.int64(2) == 1);
}

TEST_CASE("the daily digest goes to those who asked for it, once a day, across a restart") {
  World w;
  Receivers r({}, {true, expected_auth()});
  with_accounts(w, [](hm::store::Accounts& accounts, hm::moderation::Time now) {
    auto add = [&](const std::string& name, const std::string& email, bool digest) {
      REQUIRE(accounts.add_user(name, "a long test password",
                                {{hm::store::Role::moderator, "joseph-hood"}}, "test", now));
      REQUIRE(accounts.update_user(name, {{}, email, digest}, "test", now));
    };
    add("head", "head@josephhood.example", true);
    add("office", "office@josephhood.example", false);  // has an address, did not ask
  });
  // 00:00 local has always passed: today's digest is due as soon as the daemon starts.
  auto config = w.config(w.smtp_alerts(r) + "digest_time = \"00:00\"\n", "");
  {
    DaemonProcess daemon(config, w.dir.path() / "daemon.log");
    REQUIRE(eventually([&] { return !r.smtp->mails().empty(); }, std::chrono::seconds(20)));
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    daemon.signal(SIGKILL);
    daemon.wait_exit(std::chrono::seconds(10));
  }
  {
    DaemonProcess again(config, w.dir.path() / "daemon2.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    again.signal(SIGTERM);
    CHECK(again.wait_exit(std::chrono::seconds(10)) == 0);
  }
  auto mails = r.smtp->mails();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].recipients == std::vector<std::string>{"<head@josephhood.example>"});
  CHECK(mails[0].data.find("Subject: hallmonitor daily digest: Joseph Hood Primary School, ") !=
        std::string::npos);
  const std::string body = qp_decoded(mails[0].data);
  CHECK(body.find("Hidden in the last 24 hours:") != std::string::npos);
  CHECK(body.find("https://hallmonitor.test/#/today") != std::string::npos);
  auto db = hm::store::open_reader(w.dir.path() / "state" / "hallmonitor.db");
  auto s = db.prepare("SELECT COUNT(*) FROM digest_sends");
  REQUIRE(s.step());
  CHECK(s.int64(0) == 1);
}
