#include "connectors/instagram_token_refresh.hpp"

#include <nlohmann/json.hpp>

#include "connectors/graph_parse.hpp"

namespace hm::connectors {

namespace asio = boost::asio;

namespace {

bool is_version_segment(std::string_view s) {
  return s.size() >= 2 && s[0] == 'v' && s.find_first_not_of("0123456789.", 1) == s.npos;
}

}  // namespace

boost::urls::url refresh_token_url(const boost::urls::url& api_base) {
  boost::urls::url u = api_base;
  u.remove_query();
  auto segs = u.segments();
  while (!segs.empty() && segs.back().empty()) segs.pop_back();
  if (!segs.empty() && is_version_segment(segs.back())) segs.pop_back();
  segs.push_back("refresh_access_token");
  return u;
}

InstagramTokenKeeper::InstagramTokenKeeper(InstagramLogin login, graph::GraphSession& session)
    : login_(std::move(login)), session_(session) {
  auto stored = login_.store ? login_.store->load() : std::nullopt;
  if (stored && !stored->access_token.empty() && stored_tokens_current(*stored, login_.seed)) {
    session_.use_access_token(stored->access_token);
    due_ = stored->access_expires_at - kRefreshBefore;
  } else {
    due_ = login_.file_written + kMinAge;  // its age is unknown: as soon as Meta allows
  }
}

void InstagramTokenKeeper::note(FetchResult& result, const std::string& what) {
  due_ = session_.now() + kRetryAfter;
  if (!result.message.empty()) result.message += "; ";
  result.message +=
      session_.redact("Instagram channel " + session_.channel().channel_id +
                      ": the token was not refreshed (" + what + "); trying again in an hour");
}

asio::awaitable<std::optional<FetchResult>> InstagramTokenKeeper::keep_fresh(FetchResult& result) {
  if (session_.now() < due_) co_return std::nullopt;
  const std::string& channel_id = session_.channel().channel_id;
  HttpRequest req;
  req.url = refresh_token_url(session_.channel().api_base);
  // As Meta documents it: the token in the query (this call has no other way to carry it).
  req.url.params().append({"grant_type", "ig_refresh_token"});
  req.url.params().append({"access_token", session_.access_token()});
  if (auto proof = session_.proof_for(session_.access_token()); !proof.empty())
    req.url.params().append({"appsecret_proof", proof});
  HttpResponse response;
  try {
    response = co_await session_.client().request(std::move(req));
  } catch (const NetworkError& e) {
    note(result, e.what());
    co_return std::nullopt;
  }
  ++result.api_calls;
  if (auto error = graph::parse_error(response.body)) {
    const std::string what = "Graph error " + std::to_string(error->code) +
                             (error->subcode ? "/" + std::to_string(error->subcode) : "") + ": " +
                             error->message;
    if (graph::classify(*error) == graph::ErrorClass::token_invalid) {
      FetchResult stop;
      stop.status = FetchStatus::token_invalid;
      stop.message = session_.redact(
          "Instagram channel " + channel_id + ": its Instagram-login token could not be renewed (" +
          what +
          "). These tokens last 60 days and can be renewed only before they expire: make a new "
          "long-lived token and replace the channel's credentials file.");
      co_return stop;
    }
    note(result, what);
    co_return std::nullopt;
  }
  const auto j = nlohmann::json::parse(response.body, nullptr, false);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
      j["access_token"].get_ref<const std::string&>().empty() || !j.contains("expires_in") ||
      !j["expires_in"].is_number_integer()) {
    note(result, "an unreadable answer, HTTP " + std::to_string(response.status));
    co_return std::nullopt;
  }
  StoredTokens fresh;
  fresh.access_token = j["access_token"].get<std::string>();
  fresh.access_expires_at = session_.now() + std::chrono::seconds{j["expires_in"].get<long long>()};
  fresh.seed = login_.seed;
  try {
    if (login_.store) login_.store->save(fresh);
  } catch (const std::runtime_error& e) {
    co_return session_.transient_failure("Instagram channel " + channel_id +
                                         ": the refreshed token could not be kept: " + e.what());
  }
  session_.use_access_token(fresh.access_token);
  due_ = fresh.access_expires_at - kRefreshBefore;
  co_return std::nullopt;
}

}  // namespace hm::connectors
