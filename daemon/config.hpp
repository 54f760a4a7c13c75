// The hallmonitor configuration file (TOML, DESIGN.md §9).
//
// Error policy: a bad config is an expected failure. load() never throws for bad input; it
// returns every problem it found as "file:line: message" so an admin can fix them in one go.
#pragma once

#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "filters/problem.hpp"
#include "moderation/policy.hpp"

namespace hm::config {

// A problem in the config file: the one "file:line: message" type (filters/problem.hpp), shared
// with the rule and list loaders.
using Problem = filters::Problem;

struct Channel {
  // Every key counts, so a reload restarts a channel whose settings changed (channel_diff.hpp).
  bool operator==(const Channel&) const = default;
  std::string id;
  std::string platform;  // facebook | instagram | x
  std::string account_id;
  std::string credential;         // file name in the credentials directory
  int credential_line = 0;        // where the config names it, for messages
  std::string api_base;           // empty: the platform's real endpoint
  std::filesystem::path ca_file;  // empty: the system trust store
  std::optional<std::chrono::seconds> poll_interval;
  // Instagram only: "facebook" (Instagram API with Facebook Login, the default) or "instagram"
  // (with Instagram Login: graph.instagram.com, 60-day tokens the daemon refreshes). Empty for
  // the other platforms.
  std::string login{};
  // Facebook only: the Page edges watched ("feed", "published_posts"); how many newest posts
  // (Instagram: media) per edge.
  std::vector<std::string> watch{"feed"};
  int watch_posts = 25;
};

// Who hears about a safeguarding verdict, and how (DESIGN.md §8). The webhook URL is a secret
// (anyone holding it can post to the channel), so the config names a credential file holding it.
struct Safeguarding {
  std::vector<std::string> emails;  // the designated safeguarding lead(s)
  std::string webhook_credential;   // file name in the credentials directory; empty: no webhook
  int webhook_credential_line = 0;  // where the config names it, for messages
  std::filesystem::path webhook_ca_file;  // empty: the system trust store
  // The school's own words for what to do in an emergency ("A child in immediate danger: call
  // 999..."), shown with every safeguarding concern in the console. Empty: none.
  std::string signposting;
};

struct School {
  std::string id;
  std::string name;
  std::filesystem::path protected_names;  // absolute; empty when the school lists none
  std::vector<std::string> own_domains;
  moderation::SchoolPolicy policy;  // [school.policy] over the defaults; the reply template too
  Safeguarding safeguarding;
  std::vector<Channel> channels;
};

struct Retention {
  int clean_days = 30;
  int evidence_days = 365;
};

struct Daemon {
  bool operator==(const Daemon&) const = default;  // channel_diff.hpp compares what channels use
  std::filesystem::path state_dir = "/var/lib/hallmonitor";
  std::string listen = "127.0.0.1:8088";
  int listen_line = 0;  // where the config sets it, for warnings
  std::chrono::seconds poll_interval{60};
  // How long a channel waits when a platform refuses or throttles without saying for how long
  // (a Graph 368 "action blocked", a 429 without reset headers).
  std::chrono::seconds rate_limit_wait{std::chrono::minutes{15}};
  std::filesystem::path credentials_dir = "/etc/hallmonitor/credentials";
  // The one Graph API version setting: the default api_base of every Facebook and Instagram
  // channel is built from it (connectors/connector_factory.hpp).
  std::string graph_version = "v25.0";
};

struct Console {
  std::filesystem::path tls_cert;  // both set: the listener speaks HTTPS
  std::filesystem::path tls_key;
  std::string public_url;  // the console's address as people reach it, for links in alerts
  // Host names the listener answers besides IP addresses, localhost and public_url's host
  // (DNS rebinding: daemon/host_allow_list.hpp).
  std::vector<std::string> allowed_hosts;
  // A credential file holding the bearer token that unlocks /metrics and /healthz's detail;
  // empty: they show nothing about schools to anyone.
  std::string metrics_credential;
  int metrics_credential_line = 0;
  std::chrono::seconds session_idle{30 * 60};
  std::chrono::seconds session_lifetime{12 * 3600};
  // How long a deletion decided in the console waits before it runs, so it can be undone.
  std::chrono::seconds undo_window{30};
  // Reverse proxies whose X-Forwarded-For is believed (console/client_address.hpp), as
  // canonical IP addresses. Empty: the TCP peer is the client.
  std::vector<std::string> trusted_proxies;
  // Roles that must sign in with a code from an authenticator app as well as the password
  // (store::AccountPolicy::second_factor_roles). [] turns the requirement off.
  std::vector<std::string> second_factor_roles{"admin", "safeguarding"};
};

// The mail server safeguarding e-mails go through. STARTTLS is always required.
struct Smtp {
  std::string host;
  std::string port = "587";
  std::string from;
  std::string username;           // empty: no AUTH
  std::string credential;         // file name in the credentials directory holding the password
  int credential_line = 0;        // where the config names it, for messages
  std::filesystem::path ca_file;  // empty: the system trust store
  // [alerts] digest_time = "HH:MM", local time: when the daily digest goes to the users who
  // asked for it (daemon/alerts/digest.cpp). Minutes after local midnight; default 07:00.
  int digest_minute = 7 * 60;
};

// [learning]: the learned spam model (issue 16, filters/learned/). `shadow` records what it
// would have done and changes nothing; `active` lets it flag (hidden like any verdict).
enum class ModelMode { off, shadow, active };
inline constexpr std::array<ModelMode, 3> kAllModelModes = {ModelMode::off, ModelMode::shadow,
                                                            ModelMode::active};
std::string_view to_string(ModelMode mode) noexcept;  // "off", "shadow", "active"
struct Learning {
  std::filesystem::path model;  // empty: no model; a missing file waits until one exists
  ModelMode mode = ModelMode::shadow;
  // The daemon's own retraining (daemon/model_retrainer.hpp): every `retrain` (0: never, the
  // default: models come from `hallmonitorctl learn`), once the moderators have made at least
  // `min_decisions` decisions, it learns `model` again from `examples` (labelled-row files, as
  // `learn --examples` reads), the everyday comments and every stored decision, then reloads.
  std::chrono::seconds retrain{0};
  int min_decisions = 50;
  std::vector<std::filesystem::path> examples;
};

struct Config {
  std::filesystem::path file;  // the config file itself, absolute
  Daemon daemon;
  std::filesystem::path filters_dir;  // absolute
  Retention retention;
  Learning learning;
  Console console;
  std::optional<Smtp> smtp;  // [alerts] smtp_server set
  std::vector<School> schools;

  const School* find_school(std::string_view id) const;
  // Every school's own_domains, in config order: the links a model learns as trusted.
  std::vector<std::string> every_own_domain() const;
};

struct LoadResult {
  std::optional<Config> config;  // set only when problems is empty
  std::vector<Problem> problems;
};

// Reads and validates a config file. Relative paths resolve against the file's folder.
LoadResult load(const std::filesystem::path& file);

// "90s", "5m", "1h", "2d" → seconds; nullopt for anything else.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace hm::config
