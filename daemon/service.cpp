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

#include <iostream>
#include <optional>
#include <set>

#include "connectors/credentials.hpp"
#include "console/console_api.hpp"
#include "daemon/action_executor.hpp"
#include "daemon/alerts/alert_notifier.hpp"
#include "daemon/audit_walk.hpp"
#include "daemon/channel_checks.hpp"
#include "daemon/channel_set.hpp"
#include "daemon/config.hpp"
#include "daemon/config_warnings.hpp"
#include "daemon/credentials.hpp"
#include "daemon/http_front.hpp"
#include "daemon/http_server.hpp"
#include "daemon/journal_prefix.hpp"
#include "daemon/metrics.hpp"
#include "daemon/model_retrainer.hpp"
#include "daemon/online_check.hpp"
#include "daemon/private_files.hpp"
#include "daemon/school_classifier.hpp"
#include "daemon/service_console.hpp"
#include "daemon/systemd_notify.hpp"
#include "daemon/worker_pool.hpp"
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
    // Run by hand the state directory is made private, as systemd's StateDirectoryMode=0700
    // makes it under the unit (the database holds comments, names and staff notes).
    if (!fs::exists(cfg_.daemon.state_dir, ec) && fs::create_directories(cfg_.daemon.state_dir, ec))
      fs::permissions(cfg_.daemon.state_dir, fs::perms::owner_all, ec);
    const fs::path db = cfg_.daemon.state_dir / "hallmonitor.db";
    try {
      store_ = std::make_unique<store::Store>(db);
      store_->set_trusted_links(classifier_->trusted_links());
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

    // The filter exceptions, read once; the console's hooks keep the set current from here on.
    {
      std::vector<FilterExceptions::Entry> entries;
      for (auto& e : store_->filter_exceptions(std::nullopt))
        entries.emplace_back(std::move(e.school), std::move(e.text));
      exceptions_->replace(std::move(entries));
    }

    channels_ = std::make_unique<ChannelSet>(io_.get_executor(), *store_, board_, metrics_,
                                             [this] { return classifier_; });
    executor_ = std::make_unique<ActionExecutor>(
        io_.get_executor(), *store_,
        [this](std::string_view id) { return channels_->connector(id); }, board_, metrics_);
    // Safeguarding alerts: delivered from the store's outbox; a poll that queued one wakes it.
    alerts_ = std::make_unique<alerts::AlertNotifier>(io_.get_executor(), *store_, cfg_, metrics_);
    channels_->wire(*executor_, alerts_->wakeup());
    // Every channel is new at start: its credential read and its connector made here, before
    // the io thread runs; its row is written and its poll loop started with it (start_channels).
    PreparedChannels prepared =
        prepare_channels(io_.get_executor(), cfg_, {}, {}, cfg_.daemon.state_dir);
    for (const auto& p : prepared.problems) std::cerr << "<3>" << p << "\n";
    // A channel that stops is told to its school's admins, once (daemon/alerts/channel_alerts).
    alerts_->watch_channels([this] {
      std::vector<alerts::ChannelCondition> out;
      for (const ChannelStatus& s : channels_->statuses())
        out.push_back(
            {s.id, s.state == ChannelState::stopped, s.state == ChannelState::polling, s.message});
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
    std::string metrics_problem;
    std::string metrics_token = read_metrics_token(cfg_, metrics_problem);
    if (!metrics_problem.empty())
      std::cerr << "<3>" << metrics_problem << " (/metrics and /healthz's detail stay closed)\n";
    front_ = std::make_unique<HttpFront>(front_sources(view(), cfg_, std::move(metrics_token)),
                                         metrics_);
    http_ = std::make_unique<HttpServer>(
        io_, [this](const HttpRequest& r, const Peer& p) { return front_->start(r, p); },
        HttpLimits{}, tls, &workers_);
    if (auto error = http_->listen(cfg_.daemon.listen)) {
      std::cerr << "<2>" << cfg_.file.string() << ": [daemon] listen: " << *error << "\n";
      return 2;
    }
    // The console answers only once io_ runs, so it can be made after the listener is bound,
    // from what was bound.
    console_ = std::make_unique<console::ConsoleApi>(
        *store_, console_schools(cfg_), console_hooks(view()),
        console_options(cfg_, tls != nullptr, http_->local_endpoint().address().is_loopback()));
    http_->start();
    std::cerr << "<6>listening on " << (tls ? "https://" : "http://") << http_->local_endpoint()
              << " (console, /api/v1, /healthz, /metrics)\n";

    asio::co_spawn(io_, executor_->run(), asio::detached);
    asio::co_spawn(io_, alerts_->run(), asio::detached);
    asio::co_spawn(io_, retention_loop(), asio::detached);
    retrainer_ = std::make_unique<ModelRetrainer>(
        io_.get_executor(), reload_thread_, *store_, cfg_.file, cfg_.learning,
        ModelRetrainer::Hooks{[this] { return classifier_; }, [this] { reload_requested(); }},
        stderr_log());
    asio::co_spawn(io_, retrainer_->run(), asio::detached);
    asio::co_spawn(io_, walk_audit_chain(workers_, *store_, now), asio::detached);
    if (auto period = notifier_.watchdog_period())
      asio::co_spawn(io_, watchdog_loop(*period), asio::detached);

    asio::signal_set signals(io_, SIGTERM, SIGINT, SIGHUP);
    wait_for_signals(signals);

    asio::co_spawn(io_, start_channels(std::move(prepared)), asio::detached);
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
  asio::awaitable<void> start_channels(PreparedChannels prepared) {
    co_await channels_->apply(std::move(prepared), cfg_);
    // As after a reload: the rule compile's scratch memory is free now; hand it back.
    malloc_trim(0);
    ready_ = true;
    notifier_.ready(std::to_string(channels_->running().size()) + " channels");
    std::cerr << "<6>hallmonitord ready: " << channels_->running().size() << " channel(s)\n";
    if (options_.on_ready) options_.on_ready(io_);
  }

  void wait_for_signals(asio::signal_set& signals) {
    signals.async_wait([this, &signals](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
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
    channels_->stop();
    executor_->stop();
    alerts_->stop();
    http_->stop();
    // Store writes are synchronous, so none is half-done here; a platform call in flight is
    // abandoned and its action, still `running`, is finished at the next start.
    io_.stop();
  }

  // A reload re-reads the whole config (DESIGN.md §7): filters, school data and channels.
  // Reading the lists, compiling the RE2 sets, reading the credential files and making the
  // connectors take a good fraction of a second: they run on the reload thread so polls, hides
  // and the console are never held up, and the result is swapped in on the io thread. A config
  // that does not load keeps everything running as it was. A SIGHUP during a reload asks for
  // one more reload after it.
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
      std::cerr << "<6>reload: reading " << cfg_.file.string() << "\n";
      {
        ReloadResult result = co_await asio::co_spawn(
            reload_thread_,
            load_for_reload(cfg_.file, exceptions_, channels_->running(), channels_->stopped(),
                            cfg_.daemon.state_dir, io_.get_executor()),
            asio::use_awaitable);
        co_await asio::post(io_, asio::use_awaitable);  // back on the io thread to swap
        if (!result.config) {
          for (const auto& p : result.problems) std::cerr << "<3>reload: " << p << "\n";
          const std::string why = result.problems.empty() ? "unknown" : result.problems.front();
          std::cerr << "<3>reload failed: the previous configuration keeps running\n";
          notifier_.reloaded("reload failed, the previous configuration keeps running: " + why);
        } else {
          for (const auto& p : result.channels.problems) std::cerr << "<3>reload: " << p << "\n";
          classifier_ = std::move(result.classifier);
          store_->set_trusted_links(classifier_->trusted_links());
          if (!result.config->learning.model.empty())
            std::cerr << "<6>reload: " << classifier_->model_status() << "\n";
          console_->set_schools(console_schools(*result.config));
          const ChannelSetDiff diff = result.channels.diff;
          co_await channels_->apply(std::move(result.channels), *result.config);
          const std::string summary = reload_summary(diff);
          std::cerr << "<6>reload: filters, school data and channels reloaded from "
                    << cfg_.file.string() << ": " << summary
                    << " ([daemon] listen and state_dir, [console], [alerts] and safeguarding "
                       "routes take effect at the next restart)\n";
          notifier_.reloaded("reloaded: " + summary);
        }
      }
      // The old rule book and the compile's scratch memory are free now; hand them back to the
      // system, or each reload leaves the heap larger (49 → 82 MiB over four reloads before this).
      malloc_trim(0);
    } while (reload_again_);
    reloading_ = false;
  }

  static std::string reload_summary(const ChannelSetDiff& d) {
    return std::to_string(d.added.size()) + " channel(s) added, " +
           std::to_string(d.removed.size()) + " removed, " +
           std::to_string(d.changed.size() + d.retried.size()) + " restarted, " +
           std::to_string(d.unchanged.size()) + " unchanged";
  }

  struct ReloadResult {
    std::optional<config::Config> config;  // nullopt when the config or the filters are wrong
    std::shared_ptr<const SchoolClassifier> classifier;
    std::vector<std::string> problems;
    PreparedChannels channels;
  };

  // Runs on the reload thread: touches nothing of the running service. A coroutine taking its
  // arguments by value, so the frame owns them (a capturing lambda would dangle).
  static asio::awaitable<ReloadResult> load_for_reload(
      fs::path file, std::shared_ptr<const FilterExceptions> exceptions, ChannelSetups running,
      std::set<std::string, std::less<>> stopped, fs::path state_dir, asio::any_io_executor io) {
    ReloadResult out;
    try {
      auto loaded = config::load(file);
      for (const auto& p : loaded.problems) out.problems.push_back(p.str());
      if (!loaded.config) co_return out;
      auto built = SchoolClassifier::build(*loaded.config, std::move(exceptions));
      for (const auto& p : built.problems) out.problems.push_back(p);
      if (!built.classifier) co_return out;
      out.channels = prepare_channels(io, *loaded.config, running, stopped, state_dir);
      out.classifier = std::move(built.classifier);
      out.config = std::move(loaded.config);
    } catch (const std::exception& e) {
      out.problems.push_back(e.what());
      out.config.reset();
    }
    co_return out;
  }

  ServiceView view() {
    return {classifier_, *executor_, *exceptions_, [this] { return channels_->statuses(); },
            *store_,     console_,   ready_,       cfg_.console.trusted_proxies,
            cfg_.file};
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
  ChannelBoard board_;  // shared by the pollers, the executor and /healthz
  std::unique_ptr<ChannelSet> channels_;
  std::unique_ptr<ActionExecutor> executor_;
  std::unique_ptr<alerts::AlertNotifier> alerts_;
  std::unique_ptr<console::ConsoleApi> console_;
  // Sign-in hashes and audit-chain walks, off the io thread. At most 4 jobs per worker wait or
  // run (a job is ~70 ms): more is answered 503 at once rather than queued.
  WorkerPool workers_{default_worker_threads(), 4 * default_worker_threads()};
  std::unique_ptr<HttpFront> front_;
  std::unique_ptr<HttpServer> http_;
  bool ready_ = false;
  asio::thread_pool reload_thread_{1};  // reloads, and the model's retraining
  bool reloading_ = false;
  bool reload_again_ = false;
  std::unique_ptr<ModelRetrainer> retrainer_;  // after reload_thread_: it trains there
};

// Config + filters + schools; prints problems. nullopt when anything is wrong.
std::optional<std::pair<config::Config, std::shared_ptr<const SchoolClassifier>>> load_all(
    const fs::path& file, std::shared_ptr<const FilterExceptions> exceptions = nullptr) {
  auto loaded = config::load(file);
  const auto error = journal_prefix(LogPriority::error);
  for (const auto& p : loaded.problems) std::cerr << error << p.str() << "\n";
  if (!loaded.config) return std::nullopt;
  auto built = SchoolClassifier::build(*loaded.config, std::move(exceptions));
  for (const auto& p : built.problems) std::cerr << error << p << "\n";
  if (!built.classifier) return std::nullopt;
  if (!loaded.config->learning.model.empty())
    std::cerr << journal_prefix(LogPriority::info) << built.classifier->model_status() << "\n";
  return std::make_pair(std::move(*loaded.config), built.classifier);
}

}  // namespace

int check_config(const fs::path& config_file, bool online) {
  auto all = load_all(config_file);
  if (!all) return 2;
  const auto error = journal_prefix(LogPriority::error);
  int problems = 0;
  for (const auto& school : all->first.schools)
    for (const auto& ch : school.channels) {
      auto found = find_credential(all->first, ch);
      if (found.problem) {
        std::cerr << error << found.problem->str() << "\n";
        ++problems;
      }
      std::string unread;
      auto text = found.file ? connectors::read_secret_file(*found.file, unread) : std::nullopt;
      for (const auto& p : config::channel_problems(all->first, ch, text)) {
        std::cerr << error << p.str() << "\n";
        ++problems;
      }
    }
  // Safeguarding alert credentials (a school's webhook URL, the SMTP password).
  for (const auto& p : missing_alert_credentials(all->first)) {
    std::cerr << error << p.str() << "\n";
    ++problems;
  }
  if (std::string unread; (read_metrics_token(all->first, unread), !unread.empty())) {
    std::cerr << error << unread << "\n";
    ++problems;
  }
  if (problems) return 2;
  // Valid, but it will not work as expected: said, without refusing the config.
  const auto warning = journal_prefix(LogPriority::warning);
  for (const auto& w : config::warnings(all->first)) std::cerr << warning << w.str() << "\n";
  for (const auto& school : all->first.schools)
    for (const auto& ch : school.channels)
      for (const auto& w : config::channel_warnings(all->first, ch))
        std::cerr << warning << w.str() << "\n";
  for (const auto& w : readable_secret_warnings(all->first)) std::cerr << warning << w << "\n";
  std::cout << "ok: " << config_file.string() << ": " << all->second->pipeline().rule_count()
            << " rules, " << all->first.schools.size()
            << " school(s), every channel and alert transport has its credential (in "
            << credential_source(all->first).dir.string() << ")\n";
  for (const auto& school : all->first.schools)
    if (school.safeguarding.webhook_credential.empty() &&
        (school.safeguarding.emails.empty() || !all->first.smtp))
      std::cout << "note: school '" << school.id
                << "' has no safeguarding webhook or e-mail: its alerts show only in the console\n";
  if (online && check_online(all->first) > 0) return 2;
  return 0;
}

int run_service(const ServiceOptions& options) {
  auto exceptions = std::make_shared<FilterExceptions>();
  auto all = load_all(options.config_file, exceptions);
  if (!all) return 2;
  for (const auto& w : config::warnings(all->first)) std::cerr << "<4>" << w.str() << "\n";
  // Both moved: a copy of the classifier left in `all` would keep the start-up rule book alive
  // for the daemon's whole run, and every reload would hold two (+18 MiB, bench/daemon_bench).
  Service service(std::move(all->first), std::move(all->second), std::move(exceptions), options);
  return service.run();
}

}  // namespace hm::daemon
