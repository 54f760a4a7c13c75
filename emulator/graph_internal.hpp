// The Graph emulation's shared pieces, for its own files only (graph_*.cpp), one endpoint
// family per file: graph_request.cpp (tokens, parameters, error shapes, usage headers),
// graph_paging.cpp (cursors), graph_render.cpp (node fields), graph_reads.cpp (node and edge
// reads), graph_moderation.cpp (hide, edit, delete, reply, block) and graph_api.cpp (routing
// and batch requests).
//
// Error policy: as graph_api.hpp: failures are Graph error responses, never exceptions (except
// std::bad_alloc).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emulator/emulator_state.hpp"
#include "emulator/field_spec.hpp"
#include "emulator/graph_api.hpp"
#include "emulator/http_message.hpp"
#include "emulator/json_response.hpp"
#include "emulator/url_codec.hpp"

namespace hm::emulator::graph {

constexpr std::int64_t kBucWindow = 24 * 3600;  // "Calls within 24 hours" (FB-RL, 2026)
constexpr std::int64_t kAppWindow = 3600;
constexpr std::int64_t kAppBudget = 4800;
constexpr int kDefaultLimit = 25;
constexpr int kMaxLimit = 100;
constexpr std::size_t kMaxBatch = 50;

// --- graph_request.cpp: the request's token and parameters, the error shapes.
bool is_version(const std::string& s);  // "vNN.0"
bool truthy(const std::string& v);      // "true" or "1"
Response invalid_token();
Response missing_object(const std::string& method, const std::string& id);
Response bad_param(const std::string& msg);
Response no_such_field(const std::string& field, const std::string& node_type);
std::string access_token_of(const Request& req, const Params& params);
Params merged_params(const Request& req);  // query, then a form or JSON body
void add_usage_headers(const State& st, Response& r, const Account& a, bool throttled,
                       int regain_minutes);
Response throttle_error(Platform p);
Response ok_json(const json& j);
Response success();

struct Ctx {
  State& st;
  const Request& req;
  Params params;
  std::string version;
  std::vector<std::string> segs;
  const Account* acct = nullptr;
  std::string token;
  bool token_in_query = false;

  std::optional<std::string> param(const std::string& name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return std::nullopt;
  }
  std::string host() const { return req.header("host").value_or("127.0.0.1"); }

  // Comments by parent id and by post id, built on first use for this request: rendering a
  // post's comments with their nested replies must not scan every comment for each comment.
  const std::vector<Comment*>& children_of(const std::string& parent_id) {
    index();
    static const std::vector<Comment*> none;
    auto it = by_parent_.find(parent_id);
    return it == by_parent_.end() ? none : it->second;
  }
  const std::vector<Comment*>& comments_on(const std::string& post_id) {
    index();
    static const std::vector<Comment*> none;
    auto it = by_post_.find(post_id);
    return it == by_post_.end() ? none : it->second;
  }

  // Filled by index(); part of the aggregate so Ctx stays brace-initialisable.
  void index() {
    if (indexed_) return;
    indexed_ = true;
    for (auto& [id, cm] : st.comments) {
      by_post_[cm.post_id].push_back(&cm);
      if (cm.parent_id) by_parent_[*cm.parent_id].push_back(&cm);
    }
  }
  bool indexed_ = false;
  std::unordered_map<std::string, std::vector<Comment*>> by_parent_{}, by_post_{};
};
// --- graph_tokens.cpp: the two hosts, appsecret_proof, Instagram-login token refresh.
inline constexpr const char* kInstagramHost = "graph.instagram.com";  // the path prefix
// Removes a leading "graph.instagram.com" segment; true when there was one.
bool strip_instagram_host(std::vector<std::string>& segs);
// Why the account's token may not make this call (wrong host for its login: 190 "Cannot parse
// access token"; a missing or wrong appsecret_proof when the app requires one: 100), if so.
std::optional<Response> refuse_caller(const Account& acct, const Token& tok,
                                      const std::string& token, bool instagram_host,
                                      const Params& params);
// GET /refresh_access_token on the Instagram host.
Response refresh_instagram_token(State& st, const Params& params);

// --- graph_paging.cpp: cursor paging of a list.
// Ordering key of a listed item: (created time, sequence number).
using SortKey = std::pair<std::int64_t, std::uint64_t>;

struct PageRequest {
  int limit = kDefaultLimit;
  std::optional<std::string> after, before;
};

struct Item {
  SortKey key;
  json node;
};

// One page of a cursor-paged list: items sorted by `descending` order of key.
struct PageResult {
  json body;  // {"data":[...],"paging":{...}}
  bool ok = true;
  std::string error;
};

// `link(direction, cursor)` builds the previous/next URL.
PageResult page_of(std::vector<Item> items, bool descending, const PageRequest& pr,
                   const std::function<std::string(const std::string&, const std::string&)>& link);
// The `limit` parameter (default 25, at most 100); std::nullopt when it is not a positive number.
std::optional<int> parse_limit(const std::optional<std::string>& v);

// --- graph_render.cpp: a node's fields, with nested comment edges.
enum class NodeType { page, ig_user, post, media, comment, ig_comment };
const char* node_type_name(NodeType t);
FieldList default_fields(NodeType t);
// The node with the asked fields; sets `error` when a field or modifier is invalid.
json render_node(Ctx& c, NodeType t, const Account* acct, const Post* post, const Comment* cm,
                 const FieldList& fields, std::optional<Response>& error);
// A post's comments or a comment's replies as a paged edge (`sel`: subfields and the
// filter/order/limit/after/before/summary modifiers); sets `error` as render_node.
std::optional<json> render_comments_edge(Ctx& c, const std::string& object_id, const Post* post,
                                         const Comment* parent, const FieldSel& sel,
                                         const std::string& edge_name,
                                         std::optional<Response>& error);

// --- graph_reads.cpp: the object an id names, and reads.
struct Obj {
  NodeType type;
  const Account* acct = nullptr;  // page / ig user / owner
  Post* post = nullptr;
  Comment* comment = nullptr;
};
// Resolves an id the token's account may see; std::nullopt when it does not exist, is deleted,
// or belongs to another account.
std::optional<Obj> resolve(Ctx& c, const std::string& id);
Response read_node(Ctx& c, const Obj& o);  // GET /{id}
// GET /{page-id}/{published_posts|posts|feed} and GET /{ig-user-id}/media.
Response list_posts(Ctx& c, const Account& a, const std::string& edge);
// GET /{object}/comments or /{ig-comment}/replies as a top-level request.
Response list_comments(Ctx& c, const Obj& o, const std::string& edge);

// --- graph_permissions.cpp: the account's permissions per call, unknown read parameters.
// A refusal as Meta answers when the account lacks the permission for this call (`edge` empty
// for the node itself); std::nullopt when it may.
std::optional<Response> refuse_without_permission(Ctx& c, const Obj& o, const std::string& edge);
// Whether comments carry `from` (Facebook: pages_read_user_content).
bool may_read_commenters(const Ctx& c);
// (#100) for a GET with a query parameter Graph reads do not know.
std::optional<Response> refuse_unknown_params(const Ctx& c);

// --- graph_moderation.cpp: what a moderator (or hallmonitor) does to comments and people.
Response update_node(Ctx& c, const Obj& o);  // POST /{comment}: hide/unhide, edit own
Response delete_node(Ctx& c, const Obj& o);  // DELETE /{comment}: with its replies
// POST /{post}/comments, /{comment}/comments (Facebook) or /{ig-comment}/replies.
Response post_comment(Ctx& c, const Obj& o);
Response handle_blocked(Ctx& c, const Account& a);  // GET, POST, DELETE /{page-id}/blocked

}  // namespace hm::emulator::graph
