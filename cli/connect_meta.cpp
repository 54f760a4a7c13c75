// connect facebook | instagram: Meta's token exchange (FB-TOK, IG-TOK in PLATFORMS.md) and the
// pick of a Page or Instagram account. The credentials file holds the chosen Page's token,
// which, made from a long-lived user token, does not expire (until a password change, a lost
// role or Meta's data-access expiry: docs/setup says what to do then).
#include <iostream>

#include "cli/connect_flows.hpp"
#include "cli/password_input.hpp"
#include "connectors/url_tools.hpp"

namespace hm::cli::connect {

namespace {

using connectors::HttpRequest;
using nlohmann::json;

std::optional<boost::urls::url> base_url(const Options& o) {
  auto u = connectors::parse_https_url(api_base(o));
  if (!u) std::cerr << "hallmonitorctl: --api-base must be an absolute https URL\n";
  return u;
}

HttpRequest get(const boost::urls::url& url, const std::string& token = {}) {
  HttpRequest r;
  r.url = url;
  if (!token.empty()) r.headers.push_back({"Authorization", "Bearer " + token});
  return r;
}

// graph.instagram.com's token endpoints sit at the host's root, beside the versioned paths.
boost::urls::url unversioned(boost::urls::url u) {
  auto segs = u.segments();
  if (!segs.empty()) {
    std::string last = segs.back();
    if (last.size() > 1 && last[0] == 'v' && std::isdigit(static_cast<unsigned char>(last[1])))
      segs.pop_back();
  }
  return u;
}

std::optional<std::string> secret(const std::filesystem::path& file, const std::string& q) {
  auto s = read_secret_line(file, q);
  if (!s || s->empty()) {
    std::cerr << "hallmonitorctl: nothing given for: " << q << "\n";
    return std::nullopt;
  }
  return s;
}

// The Pages (or, for Instagram, the Pages' Instagram accounts) the admin can choose from.
struct Choice {
  std::string id, words, token;
  bool moderate = false;
};

std::optional<Choice> pick(const Options& o, const std::vector<Choice>& choices,
                           const std::string& kind) {
  if (choices.empty()) {
    std::cerr << "hallmonitorctl: this token manages no " << kind
              << (o.platform == "instagram"
                      ? " (an Instagram professional account must be linked to a Page the "
                        "token's user manages)"
                      : " (was the pages_show_list permission granted?)")
              << "\n";
    return std::nullopt;
  }
  std::cout << "The token can manage " << choices.size() << " " << kind << ":\n";
  for (std::size_t i = 0; i < choices.size(); ++i)
    std::cout << "  " << i + 1 << ". " << choices[i].words << " - "
              << (choices[i].moderate ? "can moderate"
                                      : "CANNOT moderate (no MODERATE task on the Page)")
              << "\n";
  const Choice* chosen = nullptr;
  if (!o.account.empty()) {
    for (const auto& c : choices)
      if (c.id == o.account) chosen = &c;
    if (!chosen) {
      std::cerr << "hallmonitorctl: --account " << o.account << " is not among them\n";
      return std::nullopt;
    }
  } else {
    auto line = ask("Which one? [1-" + std::to_string(choices.size()) + "]: ");
    std::size_t n = 0;
    try {
      n = line ? std::stoul(*line) : 0;
    } catch (const std::exception&) {
      n = 0;
    }
    if (n < 1 || n > choices.size()) {
      std::cerr << "hallmonitorctl: no choice made; nothing was written\n";
      return std::nullopt;
    }
    chosen = &choices[n - 1];
  }
  if (!chosen->moderate) {
    std::cerr << "hallmonitorctl: " << chosen->words
              << " has no MODERATE task for this user, so hallmonitor could not hide "
                 "comments on it. A Page admin can give it in the Page's settings (Page access "
                 "or Page roles); nothing was written\n";
    return std::nullopt;
  }
  return *chosen;
}

int connect_instagram_login(const Options& o, const boost::urls::url& base) {
  auto app_secret = secret(o.app_secret_file, "Instagram app secret (not shown): ");
  if (!app_secret) return 2;
  auto short_token = secret(o.user_token_file, "Short-lived Instagram user token (not shown): ");
  if (!short_token) return 2;
  auto exchanged = call_json(get(connectors::endpoint(unversioned(base), {"access_token"},
                                                      {{"grant_type", "ig_exchange_token"},
                                                       {"client_secret", *app_secret},
                                                       {"access_token", *short_token}})),
                             o, "Exchanging the Instagram token for a long-lived one");
  wipe(*app_secret);
  if (!exchanged || !exchanged->contains("access_token")) return 1;
  const std::string token = (*exchanged)["access_token"].get<std::string>();
  auto me =
      call_json(get(connectors::endpoint(base, {"me"}, {{"fields", "user_id,username"}}), token), o,
                "Reading the Instagram account");
  if (!me) return 1;
  std::string id = me->contains("user_id") ? (*me)["user_id"].is_string()
                                                 ? (*me)["user_id"].get<std::string>()
                                                 : (*me)["user_id"].dump()
                                           : std::string{};
  if (id.empty()) {
    std::cerr << "hallmonitorctl: Instagram did not say the account's user_id\n";
    return 1;
  }
  if (!o.account.empty() && o.account != id) {
    std::cerr << "hallmonitorctl: the token is for account " << id << ", not --account "
              << o.account << "; nothing was written\n";
    return 2;
  }
  std::cout << "Long-lived Instagram token: lasts " << exchanged->value("expires_in", 0) / 86400
            << " days; hallmonitord refreshes it while it runs.\n";
  ChannelLines lines;
  lines.account_id = id;
  lines.login = "instagram";
  return finish(o, json{{"access_token", token}}, lines,
                "@" + me->value("username", std::string{}) + " (Instagram account " + id + ")");
}

}  // namespace

int connect_meta(const Options& o) {
  auto base = base_url(o);
  if (!base) return 2;
  if (o.platform == "instagram" && o.login == "instagram") return connect_instagram_login(o, *base);
  if (o.app_id.empty()) {
    std::cerr << "hallmonitorctl: --app-id is required (the app's id, App settings > Basic)\n";
    return 2;
  }
  auto app_secret = secret(o.app_secret_file, "App secret (not shown): ");
  if (!app_secret) return 2;
  auto short_token =
      secret(o.user_token_file, "Short-lived user token from Graph API Explorer (not shown): ");
  if (!short_token) return 2;
  auto exchanged = call_json(get(connectors::endpoint(*base, {"oauth", "access_token"},
                                                      {{"grant_type", "fb_exchange_token"},
                                                       {"client_id", o.app_id},
                                                       {"client_secret", *app_secret},
                                                       {"fb_exchange_token", *short_token}})),
                             o, "Exchanging the user token for a long-lived one");
  if (!exchanged || !exchanged->contains("access_token")) return 1;
  const std::string user_token = (*exchanged)["access_token"].get<std::string>();
  const bool ig = o.platform == "instagram";
  auto listed =
      call(get(connectors::endpoint(
                   *base, {"me", "accounts"},
                   {{"fields", ig ? "id,name,access_token,tasks,instagram_business_account{id,"
                                    "username}"
                                  : "id,name,access_token,tasks"},
                    {"limit", "100"}}),
               user_token),
           o);
  if (!listed) return 1;
  if (listed->status / 100 != 2) {
    std::cerr << "hallmonitorctl: listing the Pages failed: "
              << error_words(listed->status, listed->body) << "\n";
    return 1;
  }
  std::string error;
  auto pages = parse_pages(listed->body, error);
  if (!pages) {
    std::cerr << "hallmonitorctl: " << error << "\n";
    return 1;
  }
  std::vector<Choice> choices;
  for (const auto& p : *pages) {
    if (ig && p.instagram_id.empty()) continue;
    Choice c;
    c.id = ig ? p.instagram_id : p.id;
    c.words = ig ? "@" + p.instagram_username + " (Instagram account " + p.instagram_id +
                       ", linked to the Page " + p.name + ")"
                 : "the Page " + p.name + " (id " + p.id + ")";
    c.token = p.access_token;
    c.moderate = p.can_moderate();
    choices.push_back(std::move(c));
  }
  auto chosen = pick(o, choices, ig ? "Instagram accounts" : "Pages");
  if (!chosen) return 2;
  if (chosen->token.empty()) {
    std::cerr << "hallmonitorctl: Meta gave no Page token for it\n";
    return 1;
  }
  ChannelLines lines;
  lines.account_id = chosen->id;
  // With the app secret beside it, every call can carry appsecret_proof ("Require App Secret").
  json creds = {{"access_token", chosen->token}, {"app_secret", *app_secret}};
  wipe(*app_secret);
  return finish(o, creds, lines, chosen->words);
}

}  // namespace hm::cli::connect
