#include "daemon/channel_checks.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <nlohmann/json.hpp>

#include "connectors/credentials.hpp"

namespace hm::config {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<Problem> channel_problems(const Config& cfg, const Channel& ch,
                                      const std::optional<std::string>& credentials) {
  std::vector<Problem> out;
  const std::string who = "channel '" + ch.id + "': ";
  auto add = [&](std::string what) {
    out.push_back({cfg.file.string(), ch.credential_line, who + std::move(what)});
  };
  // Page, Instagram user and X user ids are all numeric strings (PLATFORMS.md §0).
  if (!all_digits(ch.account_id))
    add("account_id \"" + ch.account_id + "\" is not a number: it must be the " +
        (ch.platform == "x"           ? std::string("account's numeric X user id, not its @handle")
         : ch.platform == "instagram" ? std::string("Instagram account's numeric id, not its name")
                                      : std::string("Page's numeric id, not its name")) +
        " (hallmonitorctl connect prints it)");
  if (credentials) {
    std::string error;
    const bool is_json = nlohmann::json::accept(*credentials);
    const bool ok = ch.platform == "x"
                        ? connectors::parse_x_credentials(*credentials, error).has_value()
                        : connectors::parse_graph_credentials(*credentials, error).has_value();
    if (!ok && !is_json)
      add("credential '" + ch.credential +
          "' is not JSON (a token pasted on its own?): it must be a JSON object such as " +
          (ch.platform == "x"
               ? std::string("{\"client_id\": ..., \"client_secret\": ..., \"refresh_token\": ...}")
               : std::string("{\"access_token\": \"...\"}")) +
          "; hallmonitorctl connect writes it");
    else if (!ok)
      add("credential '" + ch.credential + "': " + error);
  }
  return out;
}

std::vector<Problem> channel_warnings(const Config& cfg, const Channel& ch) {
  std::vector<Problem> out;
  const auto every = ch.poll_interval.value_or(cfg.daemon.poll_interval);
  const std::string where = "warning: channel '" + ch.id + "': poll_interval " +
                            std::to_string(every.count()) + "s is shorter than ";
  // X's legacy Basic plan: 10 mentions calls per user per 15 minutes, one every 90 s
  // (PLATFORMS.md, Corrections). Pay-per-use allows 300 (every 3 s), so this is a warning.
  if (ch.platform == "x" && every < kXBasicMinPoll)
    out.push_back({cfg.file.string(), ch.credential_line,
                   where + "90s: on X's legacy Basic plan (10 mentions reads per 15 minutes) "
                           "the channel would spend its polls waiting out rate limits; "
                           "pay-per-use allows it"});
  // Meta's Business Use Case limit for a Page is 4800 calls per 24 hours times its engaged
  // users; a small school's Page may have one. A poll makes at least two calls (the posts, then
  // their comments in one batch), so 2400 polls a day: one every 36 s.
  if (ch.platform != "x" && every < kGraphMinPoll)
    out.push_back({cfg.file.string(), ch.credential_line,
                   where + "36s: Meta allows a Page with few engaged users about 4800 calls a "
                           "day and each poll makes at least two, so it could run out before "
                           "the day ends"});
  return out;
}

}  // namespace hm::config
