#include "daemon/service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <malloc.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "connectors/connector_factory.hpp"
#include "console/console_api.hpp"
#include "daemon/action_executor.hpp"
#include "daemon/alerts/alert_notifier.hpp"
#include "daemon/channel_poller.hpp"
#include "daemon/config.hpp"
#include "daemon/config_warnings.hpp"
#include "daemon/credentials.hpp"
#include "daemon/http_front.hpp"
#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "daemon/school_classifier.hpp"
#include "daemon/systemd_notify.hpp"
#include "store/store.hpp"

namespace hm::daemon {
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

moderation::Time now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

class Service {
 public:
  Service(config::Config cfg, std::shared_ptr<const SchoolClassifier> classifier,
          std::shared_ptr<FilterExceptions> exceptions, ServiceOptions options)
      : cfg_(std::move(cfg)),
        classifier_(std::move(classifier)),
        exceptions_(std::move(exceptions)),
        options_(std::move(options)) {}

  int run() {
    std::error_code ec;
    fs::create_directories(cfg_.daemon.state_dir, ec);
    const fs::path db = cfg_.daemon.state_dir / "hallmonitor.db";
    try {
      store_ = std::make_unique<store::Store>(db);
    } catch (const store::StoreError& e) {
      std::cerr << "<2>" << e.what() << "\n";
      return 1;
    }
    auto chain = store_->verify_audit();
    // The chain head goes to the journal at every start, so a later truncation of the newest
    // audit rows can be detected against it.
    if (chain.ok)
      std::cerr << "<6>store " << db.string() << ": audit chain verified, " << chain.rows_checked
                << " rows, head " << chain.head_id << " " << chain.head_hash << "\n";
    else
      std::cerr << "<2>store " << db.string() << ": audit chain BROKEN: " << chain.message << "\n";

    for (const auto& school : cfg_.schools) {
      store_->upsert_school(school.id, school.name);
      for (const auto& ch : school.channels)
        store_->upsert_channel(
            {ch.id, school.id, moderation::parse_platform(ch.platform).value(), ch.account_id});
    }
    // The filter exceptions, read once; the console's hooks keep the set current from here on.
    {
      std::vector<FilterExceptions::Entry> entries;
      for (auto& e : store_->filter_exceptions(std::nullopt))
        entries.emplace_back(std::move(e.school), std::move(e.text));
      exceptions_->replace(std::move(entries));
    }

    executor_ = std::make_unique<ActionExecutor>(
        io_.get_executor(), *store_,
        [this](std::string_view id) -> std::shared_ptr<connectors::Connector> {
          auto it = connectors_.find(std::string(id));
          return it == connectors_.end() ? nullptr : it->second;
        },
        channels_, metrics_);

    for (const auto& school : cfg_.schools) {
      for (const auto& ch : school.channels) {
        auto connector = make_channel_connector(ch, "this channel is not polled");
        if (!connector) continue;
        connectors_[ch.id] = connector;
        pollers_.push_back(std::make_unique<ChannelPoller>(
            io_.get_executor(), ch.id, connector,
            ch.poll_interval.value_or(cfg_.daemon.poll_interval), channels_.of(ch.id), *store_,
            [this] { return classifier_; }, metrics_, executor_->wakeup()));
      }
    }

    // Safeguarding alerts: delivered from the store's outbox; a poll that queued one wakes it.
    alerts_ = std::make_unique<alerts::AlertNotifier>(io_.get_executor(), *store_, cfg_, metrics_);
    for (auto& p : pollers_) p->wake_on_alerts(alerts_->wakeup());
    // A channel that stops is told to its school's admins, once (daemon/alerts/channel_alerts).
    alerts_->watch_channels([this] {
      std::vector<alerts::ChannelCondition> out;
      for (const auto& p : pollers_) {
        const ChannelStatus& s = p->status();
        out.push_back(
            {s.id, s.state == ChannelState::stopped, s.state == ChannelState::polling, s.message});
      }
      return out;
    });

    std::shared_ptr<asio::ssl::context> tls;
    if (!cfg_.console.tls_cert.empty()) {
      auto made = make_server_tls_context(cfg_.console.tls_cert, cfg_.console.tls_key);
      if (!made.context) {
        std::cerr << "<2>" << cfg_.file.string() << ": [console] " << made.error << "\n";
        return 2;
      }
      tls = made.context;
    }
    front_ = std::make_unique<HttpFront>(front_sources(), metrics_);
    http_ = std::make_unique<HttpServer>(
        io_, [this](const HttpRequest& r, const Peer& p) { return front_->handle(r, p); },
        HttpLimits{}, tls);
    if (auto error = http_->listen(cfg_.daemon.listen)) {
      std::cerr << "<2>" << cfg_.file.string() << ": [daemon] listen: " << *error << "\n";
      return 2;
    }
    // The console answers only once io_ runs, so it can be made after the listener is bound,
    // from what was bound.
    console_ = std::make_unique<console::ConsoleApi>(
        *store_, console_schools(cfg_), console_hooks(), console_options(tls != nullptr));
    http_->start();
    std::cerr << "<6>listening on " << (tls ? "https://" : "http://") << http_->local_endpoint()
              << " (console, /api/v1, /healthz, /metrics)\n";

    for (auto& p : pollers_) asio::co_spawn(io_, p->run(), asio::detached);
    asio::co_spawn(io_, executor_->run(), asio::detached);
    asio::co_spawn(io_, alerts_->run(), asio::detached);
    asio::co_spawn(io_, retention_loop(), asio::detached);
    if (auto period = notifier_.watchdog_period())
      asio::co_spawn(io_, watchdog_loop(*period), asio::detached);

    asio::signal_set signals(io_, SIGTERM, SIGINT, SIGHUP);
    wait_for_signals(signals);

    ready_ = true;
    notifier_.ready(std::to_string(pollers_.size()) + " channels");
    std::cerr << "<6>hallmonitord ready: " << pollers_.size() << " channel(s)\n";
    if (options_.on_ready) options_.on_ready(io_);
    asio::steady_timer stop_timer(io_);
    if (options_.stop_after) {
      stop_timer.expires_after(*options_.stop_after);
      stop_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) stop("time is up");
      });
    }
    io_.run();
    std::cerr << "<6>hallmonitord stopped\n";
    return 0;
  }

 private:
  void wait_for_signals(asio::signal_set& signals) {
    signals.async_wait([this, &signals](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
        restart_stopped_channels();  // a renewed credential: before the (slower) rule reload
        reload_requested();
        wait_for_signals(signals);
        return;
      }
      stop("signal " + std::to_string(signo));
    });
  }

  void stop(const std::string& why) {
    std::cerr << "<6>" << why << ": stopping\n";
    notifier_.stopping();
    for (auto& p : pollers_) p->stop();
    executor_->stop();
    alerts_->stop();
    http_->stop();
    // Store writes are synchronous, so none is half-done here; a platform call in flight is
    // abandoned and its action, still `running`, is finished at the next start.
    io_.stop();
  }

  // The channel's connector, its credential file read now; null with the problem logged
  // ("<problem> (<otherwise>)") when the file is missing or unusable.
  std::shared_ptr<connectors::Connector> make_channel_connector(const config::Channel& ch,
                                                                std::string_view otherwise) {
    auto where = find_credential(cfg_, ch);
    if (where.problem) {
      std::cerr << "<3>" << where.problem->str() << " (" << otherwise << ")\n";
      return nullptr;
    }
    connectors::ChannelSpec spec{ch.id,       ch.platform, ch.account_id,
                                 *where.file, ch.api_base, ch.ca_file};
    spec.watch = ch.watch;
    spec.watch_posts = ch.watch_posts;
    connectors::ConnectorOptions options;
    options.default_rate_limit_wait = cfg_.daemon.rate_limit_wait;
    auto made =
        connectors::make_connector(io_.get_executor(), spec, cfg_.daemon.state_dir, options);
    if (!made.connector) std::cerr << "<3>" << made.error << " (" << otherwise << ")\n";
    return std::move(made.connector);
  }

  // A channel stopped by a refused token (on a poll or an action) starts again with its
  // credential read afresh, as the admin renewed it; its waiting actions then run.
  void restart_stopped_channels() {
    for (const auto& school : cfg_.schools)
      for (const auto& ch : school.channels) {
        if (!channels_.stopped(ch.id)) continue;
        auto poller = std::find_if(pollers_.begin(), pollers_.end(),
                                   [&](const auto& p) { return p->status().id == ch.id; });
        if (poller == pollers_.end()) continue;
        auto connector = make_channel_connector(ch, "the channel stays stopped");
        if (!connector) continue;
        connectors_[ch.id] = connector;
        (*poller)->restart(connector);
        if ((*poller)->running())
          (*poller)->wakeup().wake();
        else
          asio::co_spawn(io_, (*poller)->run(), asio::detached);
        std::cerr << "<6>reload: channel " << ch.id << " started again with its credential\n";
      }
    executor_->wakeup().wake();
  }

  // Reading the lists and compiling the RE2 sets takes a good fraction of a second: it runs on
  // the reload thread so polls, hides and the console are never held up, and the result is
  // swapped in on the io thread. A SIGHUP during a reload asks for one more reload after it.
  void reload_requested() {
    if (reloading_) {
      reload_again_ = true;
      return;
    }
    reloading_ = true;
    asio::co_spawn(io_, reload(), asio::detached);
  }

  asio::awaitable<void> reload() {
    do {
      reload_again_ = false;
      notifier_.reloading();
      {
        const fs::path file = cfg_.file;
        ReloadResult result = co_await asio::co_spawn(
            reload_thread_, load_for_reload(file, exceptions_), asio::use_awaitable);
        co_await asio::post(io_, asio::use_awaitable);  // back on the io thread to swap
        for (const auto& p : result.problems) std::cerr << "<3>reload: " << p << "\n";
        if (result.classifier) {
          classifier_ = std::move(result.classifier);
          console_->set_schools(std::move(result.schools));
          std::cerr << "<6>reload: filters and school data reloaded from " << file.string()
                    << " (channel and listener changes take effect at the next restart)\n";
        } else {
          std::cerr << "<3>reload failed: the previous configuration keeps serving\n";
        }
        notifier_.reloaded(result.classifier ? "reloaded"
                                             : "reload failed, previous configuration serving");
      }
      // The old rule book and the compile's scratch memory are free now; hand them back to the
      // system, or each reload leaves the heap larger (49 → 82 MiB over four reloads before this).
      malloc_trim(0);
    } while (reload_again_);
    reloading_ = false;
  }

  struct ReloadResult {
    std::shared_ptr<const SchoolClassifier> classifier;  // null when anything is wrong
    std::vector<console::SchoolInfo> schools;
    std::vector<std::string> problems;
  };

  // Runs on the reload thread: touches nothing of the running service. A coroutine taking its
  // argument by value, so the frame owns it (a capturing lambda would dangle).
  static asio::awaitable<ReloadResult> load_for_reload(
      fs::path file, std::shared_ptr<const FilterExceptions> exceptions) {
    ReloadResult out;
    try {
      auto loaded = config::load(file);
      for (const auto& p : loaded.problems) out.problems.push_back(p.str());
      if (!loaded.config) co_return out;
      auto built = SchoolClassifier::build(*loaded.config, std::move(exceptions));
      for (const auto& p : built.problems) out.problems.push_back(p);
      if (!built.classifier) co_return out;
      out.schools = console_schools(*loaded.config);
      out.classifier = std::move(built.classifier);
    } catch (const std::exception& e) {
      out.problems.push_back(e.what());
      out.classifier.reset();
    }
    co_return out;
  }

  static std::vector<console::SchoolInfo> console_schools(const config::Config& cfg) {
    std::vector<console::SchoolInfo> out;
    for (const auto& school : cfg.schools) {
      console::SchoolInfo info{school.id, school.name, {}, school.safeguarding.signposting};
      for (const auto& ch : school.channels) info.channels.push_back({ch.id, ch.platform});
      out.push_back(std::move(info));
    }
    return out;
  }

  console::ConsoleHooks console_hooks() {
    console::ConsoleHooks hooks;
    hooks.classify = [this](std::string_view text, std::string_view school) {
      return classifier_->verdict_in_school(text, school);
    };
    hooks.actions_approved = [this] { executor_->wakeup().wake(); };
    hooks.exception_added = [this](const std::string& school, const std::string& text) {
      exceptions_->add(school, text);
    };
    hooks.exception_removed = [this](const std::string& school, const std::string& text) {
      exceptions_->remove(school, text);
    };
    hooks.channels = [this] {
      std::vector<console::ChannelHealth> out;
      for (const auto& p : pollers_) {
        const ChannelStatus& s = p->status();
        out.push_back(
            {s.id, std::string(to_string(s.state)), s.message, s.last_ok_at, s.next_poll_at});
      }
      return out;
    };
    hooks.describe_rule = [this](std::string_view rule_id) {
      return std::string(classifier_->pipeline().description(rule_id));
    };
    hooks.strike_rule = [this](std::string_view channel) {
      return classifier_->policy(channel).strikes;
    };
    return hooks;
  }

  console::ConsoleOptions console_options(bool tls) const {
    console::ConsoleOptions o;
    o.accounts.session_idle = cfg_.console.session_idle;
    o.accounts.session_lifetime = cfg_.console.session_lifetime;
    o.undo_window = cfg_.console.undo_window;
    // A browser keeps a Secure cookie only over https, except on a loopback address.
    o.secure_cookies = tls || !http_->local_endpoint().address().is_loopback();
    return o;
  }

  // What the listener serves (daemon/http_front.hpp), fed from the running service.
  FrontSources front_sources() {
    FrontSources sources;
    sources.api = [this](const HttpRequest& r, const Peer& peer) {
      return console_->handle(r, {peer.address.to_string(), peer.tls}, now());
    };
    sources.ready = [this] { return ready_; };
    sources.channels = [this] {
      std::vector<ChannelStatus> out;
      for (const auto& p : pollers_) out.push_back(p->status());
      return out;
    };
    sources.action_counts = [this] { return store_->action_counts(); };
    sources.storage_full = [this] { return store_->connection().storage_full(); };
    return sources;
  }

  asio::awaitable<void> retention_loop() {
    store::RetentionRule rule{cfg_.retention.clean_days, cfg_.retention.evidence_days};
    Wakeup sleep(io_.get_executor());
    for (;;) {
      try {
        auto report = store_->purge_expired(rule, now());
        if (report.versions > 0)
          std::cerr << "<6>retention: purged text of " << report.versions << " version(s)\n";
      } catch (const std::exception& e) {
        std::cerr << "<3>retention: " << e.what() << "\n";
      }
      co_await sleep.sleep_for(std::chrono::hours(1));
    }
  }

  asio::awaitable<void> watchdog_loop(std::chrono::microseconds period) {
    // The io_context is single-threaded: if anything blocks it, this stops too and systemd
    // restarts the daemon.
    Wakeup sleep(io_.get_executor());
    for (;;) {
      notifier_.watchdog();
      co_await sleep.sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(period));
    }
  }

  config::Config cfg_;
  std::shared_ptr<const SchoolClassifier> classifier_;
  std::shared_ptr<FilterExceptions> exceptions_;  // shared with every classifier snapshot
  ServiceOptions options_;
  asio::io_context io_;
  Metrics metrics_;
  SystemdNotifier notifier_;
  std::unique_ptr<store::Store> store_;
  std::map<std::string, std::shared_ptr<connectors::Connector>> connectors_;
  ChannelBoard channels_;  // shared by the pollers, the executor and /healthz
  std::unique_ptr<ActionExecutor> executor_;
  std::unique_ptr<alerts::AlertNotifier> alerts_;
  std::vector<std::unique_ptr<ChannelPoller>> pollers_;
  std::unique_ptr<console::ConsoleApi> console_;
  std::unique_ptr<HttpFront> front_;
  std::unique_ptr<HttpServer> http_;
  bool ready_ = false;
  asio::thread_pool reload_thread_{1};
  bool reloading_ = false;
  bool reload_again_ = false;
};

// Config + filters + schools; prints problems. nullopt when anything is wrong.
std::optional<std::pair<config::Config, std::shared_ptr<const SchoolClassifier>>> load_all(
    const fs::path& file, std::shared_ptr<const FilterExceptions> exceptions = nullptr) {
  auto loaded = config::load(file);
  for (const auto& p : loaded.problems) std::cerr << p.str() << "\n";
  if (!loaded.config) return std::nullopt;
  auto built = SchoolClassifier::build(*loaded.config, std::move(exceptions));
  for (const auto& p : built.problems) std::cerr << p << "\n";
  if (!built.classifier) return std::nullopt;
  return std::make_pair(std::move(*loaded.config), built.classifier);
}

}  // namespace

int check_config(const fs::path& config_file) {
  auto all = load_all(config_file);
  if (!all) return 2;
  int problems = 0;
  for (const auto& school : all->first.schools)
    for (const auto& ch : school.channels)
      if (auto found = find_credential(all->first, ch); found.problem) {
        std::cerr << found.problem->str() << "\n";
        ++problems;
      }
  // Safeguarding alert credentials (a school's webhook URL, the SMTP password).
  for (const auto& p : missing_alert_credentials(all->first)) {
    std::cerr << p.str() << "\n";
    ++problems;
  }
  if (problems) return 2;
  // Valid, but it will not work as expected: said, without refusing the config.
  for (const auto& w : config::warnings(all->first)) std::cerr << w.str() << "\n";
  std::cout << "ok: " << config_file.string() << ": " << all->second->pipeline().rule_count()
            << " rules, " << all->first.schools.size()
            << " school(s), every channel and alert transport has its credential\n";
  for (const auto& school : all->first.schools)
    if (school.safeguarding.webhook_credential.empty() &&
        (school.safeguarding.emails.empty() || !all->first.smtp))
      std::cout << "note: school '" << school.id
                << "' has no safeguarding webhook or e-mail: its alerts show only in the console\n";
  return 0;
}

int run_service(const ServiceOptions& options) {
  auto exceptions = std::make_shared<FilterExceptions>();
  auto all = load_all(options.config_file, exceptions);
  if (!all) return 2;
  for (const auto& w : config::warnings(all->first)) std::cerr << "<4>" << w.str() << "\n";
  Service service(std::move(all->first), all->second, std::move(exceptions), options);
  return service.run();
}

}  // namespace hm::daemon
