// The query parameters each emulated X endpoint knows (X's OpenAPI spec); X answers anything
// else with a 400 invalid-request problem naming the parameter. The Post fields parameter is
// `tweet.fields` (v2.166 and the prose docs) or `post.fields` (v2.167), as the account's
// x_field_names says ("both" by default).
#include "emulator/x_internal.hpp"
#include "emulator/x_rules.hpp"

namespace hm::emulator::x {

namespace {

std::vector<std::string> known_parameters(const std::string& m, const std::vector<std::string>& s,
                                          const Account& me) {
  std::vector<std::string> fields = {"expansions", "user.fields", "media.fields", "poll.fields",
                                     "place.fields"};
  if (me.x_field_names != "post") fields.push_back("tweet.fields");
  if (me.x_field_names != "tweet") fields.push_back("post.fields");
  const std::vector<std::string> timeline = {"max_results", "pagination_token", "since_id",
                                             "until_id",    "start_time",       "end_time"};
  auto with = [&](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  if (m != "GET") return {};
  if (s.size() == 3 && s[0] == "users" && s[2] == "mentions") return with(timeline, fields);
  if (s.size() == 3 && s[0] == "users" && s[2] == "tweets")
    return with(with(timeline, fields), {"exclude"});
  if (s.size() == 3 && s[0] == "tweets" && s[1] == "search" && s[2] == "recent")
    return with(with(timeline, fields), {"query", "next_token", "sort_order"});
  if (s.size() == 1 && s[0] == "tweets") return with(fields, {"ids"});
  if (s.size() == 3 && s[0] == "users" && s[2] == "blocking")
    return with(fields, {"max_results", "pagination_token"});
  return fields;  // users/me, tweets/:id
}

}  // namespace

std::optional<Response> unknown_parameter(const Request& req, const std::vector<std::string>& segs,
                                          const Account& me) {
  const auto known = known_parameters(req.method, segs, me);
  for (const auto& [name, value] : req.query) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ",") + k;
    return invalid_request(name, value,
                           "The query parameter [" + name + "] is not one of [" + list + "]");
  }
  return std::nullopt;
}

}  // namespace hm::emulator::x
