// Graph permissions checked per call, and unknown query parameters refused on reads (issue 13).
//
// What a call may do is what its token was granted: a token minted by the onboarding flows
// (graph_oauth.cpp) carries its own permissions; a token registered with the account has the
// account's "permissions": [...], and without that key all the product needs. What each call
// needs, and how Meta answers without it:
//   Facebook  reads (GET)                     pages_read_engagement
//               page edges (feed, published_posts, posts, blocked): (#10) "This endpoint
//               requires the 'pages_read_engagement' permission ...", HTTP 403
//               a post or comment: 100/33 "Unsupported get request ... missing permissions"
//             comment `from`                  pages_read_user_content (else omitted)
//             hide, delete, reply             pages_manage_engagement: 100/33 "Unsupported
//                                             post|delete request ... missing permissions"
//             block, unblock                  pages_manage_engagement: (#200) Permissions error
//   Instagram reads                           instagram_basic (or instagram_business_basic):
//                                             (#10) on the account's edges, 100/33 on a node
//             hide, delete, reply             instagram_manage_comments (or
//                                             instagram_business_manage_comments): (#10)
//                                             "Application does not have permission for this
//                                             action", HTTP 403
#include <array>

#include "emulator/graph_internal.hpp"

namespace hm::emulator::graph {

namespace {

bool has_any(const Ctx& c, std::initializer_list<const char*> names) {
  const Token* token = c.st.token(c.token);
  const std::set<std::string>* granted = token && !token->scopes.empty() ? &token->scopes
                                         : c.acct->permissions           ? &*c.acct->permissions
                                                                         : nullptr;
  if (!granted) return true;
  for (const char* n : names)
    if (granted->count(n)) return true;
  return false;
}

bool may_read(const Ctx& c) {
  return c.acct->platform == Platform::instagram
             ? has_any(c, {"instagram_basic", "instagram_business_basic"})
             : has_any(c, {"pages_read_engagement"});
}

bool may_manage(const Ctx& c) {
  return c.acct->platform == Platform::instagram
             ? has_any(c, {"instagram_manage_comments", "instagram_business_manage_comments"})
             : has_any(c, {"pages_manage_engagement"});
}

// The parameters a Graph read (GET) understands; anything else is refused.
constexpr std::array kReadParams = {
    "access_token",
    "appsecret_proof",
    "fields",
    "limit",
    "after",
    "before",
    "since",
    "until",
    "filter",
    "order",
    "summary",
    "user",
    "date_format",
    "pretty",
    "include_hidden",
    "locale",
    "debug",
    "__paging_token",
    "suppress_http_code",
    "format",
};

}  // namespace

bool may_read_commenters(const Ctx& c) {
  return c.acct &&
         (c.acct->platform != Platform::facebook || has_any(c, {"pages_read_user_content"}));
}

std::optional<Response> refuse_without_permission(Ctx& c, const Obj& o, const std::string& edge) {
  const Account& a = *c.acct;
  const std::string& m = c.req.method;
  const bool account_node = o.type == NodeType::page || o.type == NodeType::ig_user;
  const std::string id = o.comment ? o.comment->id : o.post ? o.post->id : a.id;
  if (account_node && edge == "blocked" && m != "GET") {
    if (may_manage(c)) return std::nullopt;
    return graph_error(403, 200, std::nullopt, "(#200) Permissions error");
  }
  if (m == "GET") {
    if (may_read(c)) return std::nullopt;
    if (!account_node || edge.empty())
      return missing_object(m, edge.empty() ? id : id + "/" + edge);
    if (a.platform == Platform::instagram)
      return graph_error(403, 10, std::nullopt,
                         "(#10) Application does not have permission for this action");
    return graph_error(403, 10, std::nullopt,
                       "(#10) This endpoint requires the 'pages_read_engagement' permission or "
                       "the 'Page Public Content Access' feature. Refer to "
                       "https://developers.facebook.com/docs/apps/review/login-permissions"
                       "#manage-pages and https://developers.facebook.com/docs/apps/review/"
                       "feature#reference-PAGES_ACCESS for details.");
  }
  if (account_node || may_manage(c)) return std::nullopt;  // writes to posts/comments from here
  if (a.platform == Platform::instagram)
    return graph_error(403, 10, std::nullopt,
                       "(#10) Application does not have permission for this action");
  return missing_object(m, edge.empty() ? id : id + "/" + edge);
}

std::optional<Response> refuse_unknown_params(const Ctx& c) {
  if (c.req.method != "GET") return std::nullopt;
  for (const auto& [k, v] : c.req.query) {
    bool known = false;
    for (const char* p : kReadParams) known = known || k == p;
    if (!known) return bad_param("Invalid parameter: unknown parameter '" + k + "'");
  }
  return std::nullopt;
}

}  // namespace hm::emulator::graph
