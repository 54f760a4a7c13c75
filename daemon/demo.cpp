#include "daemon/demo.hpp"

#include <signal.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <random>

#include "connectors/https_client.hpp"
#include "connectors/url_tools.hpp"
#include "daemon/service.hpp"
#include "emulator/launcher.hpp"
#include "store/accounts.hpp"
#include "store/store.hpp"

namespace hm::daemon {
namespace fs = std::filesystem;
namespace asio = boost::asio;
using nlohmann::json;

namespace {

struct DemoChannel {
  const char* id;
  const char* platform;
  const char* account;
};
constexpr DemoChannel kChannels[] = {{"jh-facebook", "facebook", "448242228374517"},
                                     {"jh-instagram", "instagram", "17841400000000001"},
                                     {"jh-x", "x", "1234567890"}};

// The first of `candidates` that exists.
std::optional<fs::path> first_existing(std::initializer_list<fs::path> candidates) {
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::exists(c, ec)) return fs::weakly_canonical(c, ec);
  }
  return std::nullopt;
}

// The emulator's control API, from coroutines on the daemon's io_context.
class Control {
 public:
  Control(asio::any_io_executor ex, const emulator::EmulatorProcess& emulator)
      : origin_(emulator.origin()) {
    connectors::HttpsClientOptions o;
    o.host = "127.0.0.1";
    o.port = std::to_string(emulator.port());
    o.ca_file = emulator.ca_file();
    o.timeout = std::chrono::seconds(10);
    client_ = std::make_unique<connectors::HttpsClient>(ex, o);
  }
  asio::awaitable<json> post(const std::string& path, const json& body) {
    connectors::HttpRequest r;
    r.method = "POST";
    r.url = *connectors::parse_https_url(origin_ + path);
    r.body = body.dump();
    r.content_type = "application/json";
    auto response = co_await client_->request(std::move(r));
    co_return json::parse(response.body, nullptr, false);
  }

 private:
  std::string origin_;
  std::unique_ptr<connectors::HttpsClient> client_;
};

// Posts the sample comments, one every two seconds, round the three channels.
asio::awaitable<void> comment_stream(std::shared_ptr<Control> control,
                                     std::vector<std::string> posts,
                                     std::vector<std::string> comments) {
  std::mt19937 rng(20261121);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (std::size_t i = 0;; ++i) {
    timer.expires_after(std::chrono::seconds(2));
    co_await timer.async_wait(asio::use_awaitable);
    const auto& ch = kChannels[i % 3];
    const std::string& text = comments[i % comments.size()];
    std::string author = std::to_string(100000 + rng() % 900);
    // The body is built before co_await: GCC 12 rejects braced lists inside co_await.
    json body = {{"platform", ch.platform},
                 {"post_id", posts[i % 3]},
                 {"author_id", author},
                 {"author_name", "Demo parent " + author},
                 {"author_username", "parent" + author},
                 {"text", ch.platform == std::string("x") ? "@josephhoodpri " + text : text}};
    co_await control->post("/_emulator/comments", body);
    std::cout << "demo: posted to " << ch.id << ": " << text.substr(0, 70) << "\n" << std::flush;
  }
}

// Sixteen letters and digits from the system's random source (no look-alikes such as 0/O, 1/l).
std::string demo_password() {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  std::random_device random;
  std::string out;
  for (int i = 0; i < 16; ++i) out += kAlphabet[random() % kAlphabet.size()];
  return out;
}

// 8088 when free (the documented default), else any free loopback port.
int console_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor probe(io);
  boost::system::error_code ec;
  for (unsigned short port : {8088, 0}) {
    asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), port);
    probe.open(at.protocol(), ec);
    if (!ec) probe.bind(at, ec);
    if (!ec) {
      int chosen = probe.local_endpoint().port();
      probe.close();
      return chosen;
    }
    probe.close(ec);
  }
  return 8088;
}

}  // namespace

int run_demo(const fs::path& self, std::optional<std::chrono::seconds> duration) {
  auto emulator_bin = emulator::find_emulator(self);
  if (!emulator_bin) {
    std::cerr << "hallmonitord --demo: cannot find hallmonitor-emulator: it is not beside "
              << self.string() << " nor at " << emulator::kPackagedEmulator
              << " (build it with `ninja hallmonitor-emulator`, or install the package)\n";
    return 1;
  }
  const fs::path bin = self.parent_path();
  auto config_dir = first_existing({bin / "../../config", "/usr/share/hallmonitor/demo"});
  if (!config_dir) {
    std::cerr << "hallmonitord --demo: cannot find the bundled config (looked in "
              << (bin / "../../config").string() << " and /usr/share/hallmonitor/demo)\n";
    return 1;
  }
  char tmpl[] = "/tmp/hallmonitor-demo-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    std::cerr << "hallmonitord --demo: cannot create a temporary folder\n";
    return 1;
  }
  const fs::path dir = tmpl;
  try {
    emulator::LaunchOptions launch;
    launch.binary = *emulator_bin;
    launch.state_dir = dir / "emulator";
    launch.log = dir / "emulator.log";
    launch.parent_death_signal = SIGTERM;
    emulator::EmulatorProcess emulator(std::move(launch));

    // Accounts, one post per channel, credentials and the demo config.
    asio::io_context setup;
    auto control = std::make_shared<Control>(setup.get_executor(), emulator);
    std::vector<std::string> posts;
    asio::co_spawn(
        setup,
        [&]() -> asio::awaitable<void> {
          std::vector<json> accounts = {{{"platform", "facebook"},
                                         {"account_id", kChannels[0].account},
                                         {"name", "Joseph Hood Primary School"},
                                         {"access_token", "EAAB-demo-facebook"}},
                                        {{"platform", "instagram"},
                                         {"account_id", kChannels[1].account},
                                         {"username", "josephhoodprimary"},
                                         {"access_token", "IGQ-demo-instagram"}},
                                        {{"platform", "x"},
                                         {"account_id", kChannels[2].account},
                                         {"username", "josephhoodpri"},
                                         {"name", "Joseph Hood Primary"},
                                         {"access_token", "x-demo-access"},
                                         {"refresh_token", "x-demo-refresh"},
                                         {"client_id", "demo-client"},
                                         {"client_secret", "demo-secret"},
                                         {"expires_in", 7200}}};
          for (const json& account : accounts)
            co_await control->post("/_emulator/accounts", account);
          for (const auto& ch : kChannels) {
            json post = {{"platform", ch.platform},
                         {"account_id", ch.account},
                         {"text", "Sports day photos are up! Well done everyone."}};
            json r = co_await control->post("/_emulator/posts", post);
            posts.push_back(r.value("id", ""));
          }
        },
        asio::detached);
    setup.run_for(std::chrono::seconds(20));
    if (posts.size() != 3) throw std::runtime_error("could not set up the emulator's accounts");

    fs::create_directories(dir / "credentials");
    std::ofstream(dir / "credentials/jh-facebook") << R"({"access_token":"EAAB-demo-facebook"})";
    std::ofstream(dir / "credentials/jh-instagram") << R"({"access_token":"IGQ-demo-instagram"})";
    std::ofstream(dir / "credentials/jh-x")
        << R"({"client_id":"demo-client","client_secret":"demo-secret","refresh_token":"x-demo-refresh"})";
    fs::permissions(dir / "credentials", fs::perms::owner_all);
    const fs::path config = dir / "hallmonitor.toml";
    const std::string listen = "127.0.0.1:" + std::to_string(console_port());
    {
      std::ofstream c(config);
      c << "# The demo's configuration: one school, three channels, all on the local emulator.\n"
        << "[daemon]\nstate_dir = \"state\"\nlisten = \"" << listen
        << "\"\npoll_interval = \"3s\"\n"
        << "credentials_dir = \"credentials\"\n\n[filters]\ndir = \""
        << (*config_dir / "filters").string() << "\"\n\n"
        << "[console]\n# A throwaway demo account: no authenticator app needed. A real install "
           "asks admins\n# and safeguarding leads for one (the default, [\"admin\", "
           "\"safeguarding\"]).\nsecond_factor_roles = []\n\n"
        << "[[school]]\nid = \"joseph-hood\"\nname = \"Joseph Hood Primary School\"\n"
        << "protected_names = \"" << (*config_dir / "joseph-hood/pupils.txt").string() << "\"\n"
        << "own_domains = [\"josephhood.example.sch.uk\"]\n";
      for (const auto& ch : kChannels)
        c << "\n[[school.channel]]\nid = \"" << ch.id << "\"\nplatform = \"" << ch.platform
          << "\"\naccount_id = \"" << ch.account << "\"\ncredential = \"" << ch.id
          << "\"\napi_base = \"" << emulator.origin()
          << (ch.platform == std::string("x") ? "/2" : "/v25.0") << "\"\nca_file = \""
          << emulator.ca_file().string() << "\"\n";
    }

    std::vector<std::string> comments;
    std::ifstream samples(*config_dir / "samples/comments.txt");
    for (std::string line; std::getline(samples, line);)
      if (!line.empty()) comments.push_back(line);
    if (comments.empty()) comments.push_back("Lovely photos, thank you!");

    // A console account for whoever runs the demo. Its password is printed because the demo's
    // database is a throwaway in a temporary folder; a real install uses hallmonitorctl.
    const std::string password = demo_password();
    {
      fs::create_directories(dir / "state");
      store::Store db(dir / "state/hallmonitor.db");
      store::Accounts accounts(db.connection());
      auto added = accounts.add_user(
          "demo", password, {{store::Role::admin, "*"}}, "demo",
          std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
      if (!added) throw std::runtime_error("could not create the demo user: " + added.error());
    }

    std::cout << "hallmonitor demo: one school, three channels on the local platform emulator\n"
              << "  console:   http://" << listen << "/   (user demo, password " << password
              << ")\n"
              << "  health:    http://" << listen << "/healthz\n"
              << "  metrics:   http://" << listen << "/metrics\n"
              << "  platform:  curl --cacert " << emulator.ca_file().string() << " "
              << emulator.origin() << "/_emulator/state   (what is hidden, deleted, replied)\n"
              << "  database:  " << (dir / "state/hallmonitor.db").string() << "\n"
              << "  config:    " << config.string() << "\n"
              << "  daemon log below (stderr); a comment is posted every 2 s. Ctrl-C stops.\n"
              << std::flush;

    ServiceOptions options;
    options.config_file = config;
    options.stop_after = duration;
    options.on_ready = [&](asio::io_context& io) {
      auto live = std::make_shared<Control>(io.get_executor(), emulator);
      asio::co_spawn(io, comment_stream(live, posts, comments), asio::detached);
    };
    int code = run_service(options);
    std::cout << "demo finished; its files stay in " << dir.string() << "\n";
    return code;
  } catch (const std::exception& e) {
    std::cerr << "hallmonitord --demo: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace hm::daemon
