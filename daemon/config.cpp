#include "daemon/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include "console/ip_address.hpp"
#include "daemon/config_learning.hpp"
#include "daemon/config_policy.hpp"
#include "daemon/config_reader.hpp"
#include "moderation/types.hpp"

namespace hm::config {
namespace fs = std::filesystem;

const School* Config::find_school(std::string_view id) const {
  for (const auto& s : schools)
    if (s.id == id) return &s;
  return nullptr;
}

std::vector<std::string> Config::every_own_domain() const {
  std::vector<std::string> out;
  for (const auto& s : schools) out.insert(out.end(), s.own_domains.begin(), s.own_domains.end());
  return out;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || value <= 0) return std::nullopt;
  std::string_view unit(end, text.data() + text.size() - end);
  long long scale = 0;
  if (unit == "s")
    scale = 1;
  else if (unit == "m")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 86400;
  else
    return std::nullopt;
  return std::chrono::seconds(value * scale);
}

namespace {

// "vNN.N": the Graph version path segment.
bool valid_graph_version(std::string_view v) {
  const auto dot = v.find('.');
  if (v.size() < 4 || v[0] != 'v' || dot == std::string_view::npos || dot < 2 ||
      dot + 1 == v.size())
    return false;
  for (std::size_t i = 1; i < v.size(); ++i)
    if (i != dot && !std::isdigit(static_cast<unsigned char>(v[i]))) return false;
  return true;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

// The host of an https URL ("" when it is not one), for the login/api_base check.
std::string url_host(std::string_view url) {
  constexpr std::string_view scheme = "https://";
  if (url.substr(0, scheme.size()) != scheme) return {};
  url.remove_prefix(scheme.size());
  return std::string(url.substr(0, url.find_first_of(":/?#")));
}

// `login` (Instagram only) and the combinations that cannot work: each login flavour's tokens
// are refused by the other flavour's host ("Cannot parse access token").
void read_login(Reader& r, const toml::table& t, Channel& c) {
  const toml::node* n = t.get("login");
  c.login = r.string(t, "login", false, "").value_or("");
  if (c.platform != "instagram") {
    if (n) r.problem(n, "login is for instagram channels only (facebook or instagram login)");
    c.login.clear();
  } else if (!n) {
    c.login = "facebook";
  } else if (c.login != "facebook" && c.login != "instagram") {
    r.problem(n, "login must be \"facebook\" or \"instagram\" (how the Instagram token was made)");
    return;
  }
  const std::string host = url_host(c.api_base);
  const toml::node* at = t.get("api_base");
  if (c.login == "instagram" && host == "graph.facebook.com")
    r.problem(at,
              "a login = \"instagram\" token works only on graph.instagram.com: remove "
              "api_base (the default is https://graph.instagram.com/<graph_version>)");
  if (c.login != "instagram" && host == "graph.instagram.com")
    r.problem(at,
              "graph.instagram.com accepts only Instagram-login tokens: set login = "
              "\"instagram\" on an instagram channel, or remove api_base");
}

// watch = ["feed", "published_posts"] (Facebook only) and watch_posts = 1..100.
void read_watch(Reader& r, const toml::table& t, Channel& c) {
  if (const toml::node* n = t.get("watch")) {
    const auto* arr = n->as_array();
    std::vector<std::string> edges;
    if (arr)
      for (const auto& e : *arr) {
        auto v = e.value<std::string>();
        if (!v || (*v != "feed" && *v != "published_posts"))
          r.problem(&e, "watch entries must be \"feed\" or \"published_posts\"");
        else if (std::find(edges.begin(), edges.end(), *v) == edges.end())
          edges.push_back(*v);
      }
    if (!arr || arr->empty())
      r.problem(n, "watch must be a list like [\"feed\"] or [\"feed\", \"published_posts\"]");
    else if (c.platform != "facebook")
      r.problem(n, "watch is for Facebook channels only (Instagram watches the account's media)");
    if (!edges.empty()) c.watch = std::move(edges);
  }
  if (auto posts = r.positive_int(t, "watch_posts")) {
    if (*posts > 100)
      r.problem(t.get("watch_posts"), "watch_posts must be 1 to 100 (Graph's page limit)");
    else
      c.watch_posts = *posts;
  }
}

void read_channel(Reader& r, const toml::table& t, School& school, std::set<std::string>& ids) {
  r.known_keys(t,
               {"id", "platform", "account_id", "credential", "api_base", "ca_file",
                "poll_interval", "login", "watch", "watch_posts"},
               "[[school.channel]]");
  Channel c;
  c.id = r.string(t, "id", true, "[[school.channel]]").value_or("");
  if (!c.id.empty() && !valid_id(c.id))
    r.problem(t.get("id"), "channel id '" + c.id + "' may hold only letters, digits, '-' and '_'");
  if (!c.id.empty() && !ids.insert(c.id).second)
    r.problem(t.get("id"), "channel id '" + c.id + "' is used twice");
  c.platform = r.string(t, "platform", true, "[[school.channel]]").value_or("");
  if (!c.platform.empty())
    if (auto platform = moderation::parse_platform(c.platform); !platform)
      r.problem(t.get("platform"), platform.error());
  c.account_id = r.string(t, "account_id", true, "[[school.channel]]").value_or("");
  c.credential = r.string(t, "credential", true, "[[school.channel]]").value_or("");
  if (const toml::node* n = t.get("credential")) c.credential_line = int(n->source().begin.line);
  if (c.credential.find('/') != std::string::npos || c.credential == ".." || c.credential == ".")
    r.problem(t.get("credential"), "credential must be a file name, not a path");
  c.api_base = r.string(t, "api_base", false, "").value_or("");
  if (auto p = r.path(t, "ca_file", false, "")) c.ca_file = *p;
  c.poll_interval = r.duration(t, "poll_interval");
  read_login(r, t, c);
  read_watch(r, t, c);
  school.channels.push_back(std::move(c));
}

// An e-mail address as it may appear in an SMTP envelope and header: no spaces or line breaks
// (which would let a config value add headers), one '@' with text on both sides.
bool plausible_email(std::string_view a) {
  auto at = a.find('@');
  if (a.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 == a.size() ||
      a.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char c : a)
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == 0x7f)
      return false;
  return true;
}

bool plain_file_name(std::string_view name) {
  return !name.empty() && name.find('/') == std::string_view::npos && name != "." && name != "..";
}

void read_safeguarding(Reader& r, const toml::table& t, Safeguarding& g) {
  r.known_keys(t, {"email", "webhook_credential", "webhook_ca_file", "signposting"},
               "[school.safeguarding]");
  g.signposting = r.string(t, "signposting", false, "").value_or("");
  if (t.get("signposting") && (g.signposting.empty() || g.signposting.size() > 2000))
    r.problem(t.get("signposting"), "signposting must be 1 to 2000 characters of text");
  if (const toml::node* n = t.get("email")) {
    if (auto* arr = n->as_array()) {
      for (auto& e : *arr) {
        auto v = e.value<std::string>();
        if (v && plausible_email(*v))
          g.emails.push_back(*v);
        else
          r.problem(&e, "email entries must be e-mail addresses like \"dsl@school.example\"");
      }
    } else {
      r.problem(n, "email must be an array of addresses");
    }
  }
  g.webhook_credential = r.string(t, "webhook_credential", false, "").value_or("");
  if (const toml::node* n = t.get("webhook_credential"))
    g.webhook_credential_line = int(n->source().begin.line);
  if (t.get("webhook_credential") && !plain_file_name(g.webhook_credential))
    r.problem(t.get("webhook_credential"), "webhook_credential must be a file name, not a path");
  if (auto p = r.path(t, "webhook_ca_file", false, "")) g.webhook_ca_file = *p;
}

void read_console(Reader& r, const toml::table& t, Console& c) {
  r.known_keys(
      t,
      {"tls_cert", "tls_key", "public_url", "session_idle", "session_lifetime", "undo_window",
       "allowed_hosts", "metrics_credential", "trusted_proxies", "second_factor_roles"},
      "[console]");
  if (auto p = r.path(t, "tls_cert", false, "")) c.tls_cert = *p;
  if (auto p = r.path(t, "tls_key", false, "")) c.tls_key = *p;
  if (c.tls_cert.empty() != c.tls_key.empty())
    r.problem(&t, "[console] needs both tls_cert and tls_key, or neither");
  c.public_url = r.string(t, "public_url", false, "").value_or("");
  if (!c.public_url.empty() && c.public_url.rfind("https://", 0) != 0 &&
      c.public_url.rfind("http://", 0) != 0)
    r.problem(t.get("public_url"), "public_url must start with https:// or http://");
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  if (const toml::node* n = t.get("allowed_hosts")) {
    const auto* arr = n->as_array();
    if (!arr) r.problem(n, "allowed_hosts must be an array of host names");
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
      auto v = (*arr)[i].value<std::string>();
      if (v && !v->empty() && v->find_first_of("/ @") == std::string::npos)
        c.allowed_hosts.push_back(*v);
      else
        r.problem(&(*arr)[i], "allowed_hosts entries are host names such as \"console.school.uk\"");
    }
  }
  c.metrics_credential = r.string(t, "metrics_credential", false, "").value_or("");
  if (const toml::node* n = t.get("metrics_credential"))
    c.metrics_credential_line = int(n->source().begin.line);
  if (t.get("metrics_credential") && !plain_file_name(c.metrics_credential))
    r.problem(t.get("metrics_credential"), "metrics_credential must be a file name, not a path");
  if (auto d = r.duration(t, "session_idle")) c.session_idle = *d;
  if (auto d = r.duration(t, "session_lifetime")) c.session_lifetime = *d;
  if (auto d = r.duration(t, "undo_window")) c.undo_window = *d;
  if (const toml::node* n = t.get("trusted_proxies")) {
    if (auto* arr = n->as_array()) {
      for (auto& e : *arr) {
        const auto v = e.value<std::string>();
        const auto ip = v ? console::canonical_ip(*v) : std::nullopt;
        if (ip)
          c.trusted_proxies.push_back(*ip);
        else
          r.problem(&e,
                    "trusted_proxies entries must be IP addresses like \"127.0.0.1\" or "
                    "\"::1\" (no ranges, no names)");
      }
    } else {
      r.problem(n, "trusted_proxies must be an array of IP addresses, like [\"127.0.0.1\"]");
    }
  }
  if (const toml::node* n = t.get("second_factor_roles")) {
    c.second_factor_roles.clear();
    const auto* arr = n->as_array();
    if (!arr)
      r.problem(n,
                "second_factor_roles must be an array of roles, like [\"admin\", "
                "\"safeguarding\"] ([] for none)");
    for (std::size_t i = 0; arr && i < arr->size(); ++i) {
      const auto v = (*arr)[i].value<std::string>();
      if (v && (*v == "admin" || *v == "moderator" || *v == "safeguarding" || *v == "viewer"))
        c.second_factor_roles.push_back(*v);
      else
        r.problem(&(*arr)[i],
                  "second_factor_roles entries are admin, moderator, safeguarding or viewer");
    }
  }
}

void read_alerts(Reader& r, const toml::table& t, std::optional<Smtp>& smtp) {
  r.known_keys(t,
               {"smtp_server", "smtp_from", "smtp_username", "smtp_credential", "smtp_ca_file",
                "digest_time"},
               "[alerts]");
  auto server = r.string(t, "smtp_server", false, "");
  if (!server) return;
  Smtp m;
  auto colon = server->rfind(':');
  m.host = server->substr(0, colon);
  if (colon != std::string::npos) m.port = server->substr(colon + 1);
  if (m.host.empty() || m.port.empty() ||
      m.port.find_first_not_of("0123456789") != std::string::npos)
    r.problem(t.get("smtp_server"), "smtp_server must be HOST or HOST:PORT");
  m.from = r.string(t, "smtp_from", true, "[alerts]").value_or("");
  if (!m.from.empty() && !plausible_email(m.from))
    r.problem(t.get("smtp_from"), "smtp_from must be an e-mail address");
  m.username = r.string(t, "smtp_username", false, "").value_or("");
  m.credential = r.string(t, "smtp_credential", false, "").value_or("");
  if (const toml::node* n = t.get("smtp_credential"))
    m.credential_line = int(n->source().begin.line);
  if (t.get("smtp_credential") && !plain_file_name(m.credential))
    r.problem(t.get("smtp_credential"), "smtp_credential must be a file name, not a path");
  if (m.username.empty() != m.credential.empty())
    r.problem(&t, "[alerts] needs both smtp_username and smtp_credential, or neither");
  if (auto p = r.path(t, "smtp_ca_file", false, "")) m.ca_file = *p;
  if (auto at = r.string(t, "digest_time", false, "")) {
    auto digit = [&](std::size_t i) { return (*at)[i] >= '0' && (*at)[i] <= '9'; };
    const bool shaped =
        at->size() == 5 && (*at)[2] == ':' && digit(0) && digit(1) && digit(3) && digit(4);
    const int hours = shaped ? std::stoi(at->substr(0, 2)) : -1;
    const int minutes = shaped ? std::stoi(at->substr(3, 2)) : -1;
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
      r.problem(t.get("digest_time"), "digest_time must be a local time like \"07:30\"");
    else
      m.digest_minute = hours * 60 + minutes;
  }
  smtp = std::move(m);
}

void read_school(Reader& r, const toml::table& t, Config& cfg, std::set<std::string>& school_ids,
                 std::set<std::string>& channel_ids) {
  r.known_keys(t,
               {"id", "name", "protected_names", "own_domains", "complaints_reply", "policy",
                "safeguarding", "channel"},
               "[[school]]");
  School s;
  s.id = r.string(t, "id", true, "[[school]]").value_or("");
  if (!s.id.empty() && !valid_id(s.id))
    r.problem(t.get("id"), "school id '" + s.id + "' may hold only letters, digits, '-' and '_'");
  if (!s.id.empty() && !school_ids.insert(s.id).second)
    r.problem(t.get("id"), "school id '" + s.id + "' is used twice");
  s.name = r.string(t, "name", false, "").value_or(s.id);
  if (auto p = r.path(t, "protected_names", false, "")) s.protected_names = *p;
  if (const toml::node* n = t.get("own_domains")) {
    if (auto* arr = n->as_array()) {
      for (auto& d : *arr) {
        if (auto v = d.value<std::string>(); v && !v->empty())
          s.own_domains.push_back(*v);
        else
          r.problem(&d, "own_domains entries must be non-empty strings");
      }
    } else {
      r.problem(n, "own_domains must be an array of strings");
    }
  }
  s.policy = read_policy(r, t);
  if (const toml::table* g = r.table(t, "safeguarding")) read_safeguarding(r, *g, s.safeguarding);
  if (const toml::node* n = t.get("channel")) {
    if (auto* arr = n->as_array()) {
      for (auto& ch : *arr) {
        if (auto* ct = ch.as_table())
          read_channel(r, *ct, s, channel_ids);
        else
          r.problem(&ch, "each [[school.channel]] must be a table");
      }
    } else {
      r.problem(n, "'channel' must be written as [[school.channel]] tables");
    }
  }
  cfg.schools.push_back(std::move(s));
}

}  // namespace

std::string_view to_string(ModelMode mode) noexcept {
  switch (mode) {
    case ModelMode::off:
      return "off";
    case ModelMode::shadow:
      return "shadow";
    case ModelMode::active:
      return "active";
  }
  return "off";
}

LoadResult load(const fs::path& file_in) {
  LoadResult result;
  std::error_code ec;
  fs::path file = fs::absolute(file_in, ec);
  if (ec) file = file_in;
  if (!fs::exists(file, ec)) {
    result.problems.push_back({file.string(), 0, "config file not found"});
    return result;
  }
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    result.problems.push_back(
        {file.string(), int(e.source().begin.line), std::string(e.description())});
    return result;
  }

  Config cfg;
  cfg.file = file;
  Reader r(file, result.problems);
  r.known_keys(doc, {"daemon", "filters", "retention", "learning", "console", "alerts", "school"},
               "the top level");
  if (const toml::table* t = r.table(doc, "console")) read_console(r, *t, cfg.console);
  if (const toml::table* t = r.table(doc, "alerts")) read_alerts(r, *t, cfg.smtp);

  if (const toml::table* d = r.table(doc, "daemon")) {
    r.known_keys(*d,
                 {"state_dir", "listen", "poll_interval", "rate_limit_wait", "credentials_dir",
                  "graph_version"},
                 "[daemon]");
    if (auto p = r.path(*d, "state_dir", false, "")) cfg.daemon.state_dir = *p;
    if (auto s = r.string(*d, "listen", false, "")) cfg.daemon.listen = *s;
    if (const toml::node* n = d->get("listen"))
      cfg.daemon.listen_line = int(n->source().begin.line);
    if (auto i = r.duration(*d, "poll_interval")) cfg.daemon.poll_interval = *i;
    if (auto w = r.duration(*d, "rate_limit_wait")) cfg.daemon.rate_limit_wait = *w;
    if (auto p = r.path(*d, "credentials_dir", false, "")) cfg.daemon.credentials_dir = *p;
    if (auto v = r.string(*d, "graph_version", false, "")) {
      if (valid_graph_version(*v))
        cfg.daemon.graph_version = *v;
      else
        r.problem(d->get("graph_version"),
                  "graph_version must look like \"v25.0\" (a Graph API version Meta still serves)");
    }
  }
  if (const toml::table* f = r.table(doc, "filters")) {
    r.known_keys(*f, {"dir"}, "[filters]");
    if (auto p = r.path(*f, "dir", true, "[filters]")) cfg.filters_dir = *p;
  } else if (!doc.get("filters")) {
    result.problems.push_back({file.string(), 0, "missing [filters] table with 'dir'"});
  }
  if (const toml::table* t = r.table(doc, "retention")) {
    r.known_keys(*t, {"clean_days", "evidence_days"}, "[retention]");
    if (auto v = r.positive_int(*t, "clean_days")) cfg.retention.clean_days = *v;
    if (auto v = r.positive_int(*t, "evidence_days")) cfg.retention.evidence_days = *v;
  }

  if (const toml::table* t = r.table(doc, "learning")) cfg.learning = read_learning(r, *t);

  std::set<std::string> school_ids, channel_ids;
  if (const toml::node* n = doc.get("school")) {
    if (auto* arr = n->as_array()) {
      for (auto& s : *arr) {
        if (auto* st = s.as_table())
          read_school(r, *st, cfg, school_ids, channel_ids);
        else
          r.problem(&s, "each [[school]] must be a table");
      }
    } else {
      r.problem(n, "'school' must be written as [[school]] tables");
    }
  }
  for (const School& school : cfg.schools)
    if (!school.safeguarding.emails.empty() && !cfg.smtp)
      result.problems.push_back({file.string(), 0,
                                 "school '" + school.id +
                                     "' lists safeguarding e-mail addresses but [alerts] has no "
                                     "smtp_server to send them through"});
  if (cfg.schools.empty() && result.problems.empty())
    result.problems.push_back({file.string(), 0, "no [[school]] configured"});

  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  if (result.problems.empty()) result.config = std::move(cfg);
  return result;
}

}  // namespace hm::config
