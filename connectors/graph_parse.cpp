#include "connectors/graph_parse.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace hm::connectors::graph {
namespace {

using nlohmann::json;

json parse_json(std::string_view body) {
  return json::parse(body, nullptr, false);
}

std::string str(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number_unsigned()) return std::to_string(it->get<unsigned long long>());
  return {};
}

long long integer(const json& j, const char* key, long long fallback = 0) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (it->is_number_integer() || it->is_number_unsigned()) return it->get<long long>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (d > -9e18 && d < 9e18) return static_cast<long long>(d);
    return fallback;
  }
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    long long v = 0;
    bool any = false;
    for (char c : s) {
      if (c < '0' || c > '9' || v > 100'000'000'000'000LL) return fallback;
      v = v * 10 + (c - '0');
      any = true;
    }
    return any ? v : fallback;
  }
  return fallback;
}

bool boolean(const json& j, const char* key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  if (it == j.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) return *it == "true";
  return false;
}

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::optional<Time> time_field(const json& j, const char* key) {
  const json* v = member(j, key);
  if (!v) return std::nullopt;
  if (v->is_number_integer() || v->is_number_unsigned()) {
    const long long s = v->get<long long>();
    if (s < 0 || s > 32503680000LL) return std::nullopt;
    return Time{std::chrono::seconds{s}};
  }
  if (v->is_string()) return parse_wire_time(v->get_ref<const std::string&>());
  return std::nullopt;
}

std::string next_link(const json& container) {
  const json* paging = member(container, "paging");
  return paging ? str(*paging, "next") : std::string();
}

std::optional<GraphComment> read_comment(const json& c, const std::string& enclosing_parent) {
  GraphComment out;
  out.id = str(c, "id");
  if (out.id.empty()) return std::nullopt;
  out.text = member(c, "message") ? str(c, "message") : str(c, "text");
  auto created = time_field(c, "created_time");
  if (!created) created = time_field(c, "timestamp");
  if (!created) return std::nullopt;
  out.created = *created;
  if (const json* from = member(c, "from")) {
    out.author_id = str(*from, "id");
    out.author_name = str(*from, "name");
    if (out.author_name.empty()) out.author_name = str(*from, "username");
  }
  if (out.author_name.empty()) out.author_name = str(c, "username");
  if (const json* parent = member(c, "parent")) out.parent_id = str(*parent, "id");
  if (out.parent_id.empty()) out.parent_id = str(c, "parent_id");
  if (out.parent_id.empty()) out.parent_id = enclosing_parent;
  out.permalink = str(c, "permalink_url");
  if (out.permalink.empty()) out.permalink = str(c, "permalink");
  out.hidden = member(c, "is_hidden") ? boolean(c, "is_hidden") : boolean(c, "hidden");
  return out;
}

// Reads {"data":[comments...],"paging":{...}}; false when `data` is not an array.
bool read_comment_list(const json& container, CommentPage& page, std::string& problem) {
  const json* data = member(container, "data");
  if (!data || !data->is_array()) {
    problem = "comment listing without a data array";
    return false;
  }
  for (const json& c : *data) {
    auto comment = read_comment(c, {});
    if (!comment) continue;  // a node without id or time cannot be tracked; skip it
    const std::string parent = comment->id;
    page.comments.push_back(std::move(*comment));
    // IG: replies nested under the comment. Their first page is read here; the link to the
    // rest is kept for the caller to follow.
    if (const json* replies = member(c, "replies"); replies && replies->is_object()) {
      if (const json* rdata = member(*replies, "data"); rdata && rdata->is_array())
        for (const json& r : *rdata)
          if (auto reply = read_comment(r, parent)) page.comments.push_back(std::move(*reply));
      if (std::string more = next_link(*replies); !more.empty())
        page.reply_next.push_back(std::move(more));
    }
  }
  page.next = next_link(container);
  return true;
}

template <class T>
Parsed<T> malformed(std::string problem) {
  Parsed<T> p;
  p.kind = OutcomeKind::malformed;
  p.problem = std::move(problem);
  return p;
}

// Common prologue: JSON, then the error object. Returns true when the caller should read a value.
template <class T>
bool prologue(const json& j, Parsed<T>& out) {
  if (j.is_discarded()) {
    out = malformed<T>("response is not JSON");
    return false;
  }
  if (const json* e = member(j, "error"); e && e->is_object()) {
    out.kind = OutcomeKind::error;
    out.error.code = integer(*e, "code");
    out.error.subcode = integer(*e, "error_subcode");
    out.error.type = str(*e, "type");
    out.error.message = str(*e, "message");
    out.error.is_transient = boolean(*e, "is_transient");
    return false;
  }
  return true;
}

}  // namespace

std::optional<GraphError> parse_error(std::string_view body) {
  Parsed<bool> p;
  const json j = parse_json(body);
  if (prologue(j, p)) return std::nullopt;
  if (p.kind != OutcomeKind::error) return std::nullopt;
  return p.error;
}

ErrorClass classify(const GraphError& e) noexcept {
  switch (e.code) {
    case 190:
    case 102:
      return ErrorClass::token_invalid;
    case 4:
    case 17:
    case 32:
    case 341:
    case 613:
    case 80001:
    case 80002:
    case 80003:
    case 80004:
    case 80005:
    case 80006:
    case 80008:
    case 80009:
    case 80014:
      return ErrorClass::rate_limited;
    case 368:
      return ErrorClass::policy_block;
    case 1:
      if (e.subcode == 2853006) return ErrorClass::ask_for_less;
      return ErrorClass::transient;
    case 2:
      return ErrorClass::transient;
    case 3:
    case 10:
      return ErrorClass::permission;
    case 100:
      return e.subcode == 33 ? ErrorClass::object_gone : ErrorClass::configuration;
    default:
      if (e.code >= 200 && e.code <= 299) return ErrorClass::permission;
      break;
  }
  return e.is_transient ? ErrorClass::transient : ErrorClass::invalid_request;
}

bool limits_this_call_only(const GraphError& e) noexcept {
  return e.code == 368 || e.code == 613 || (e.code == 4 && e.subcode == 2207051);
}

std::string_view to_string(ErrorClass c) noexcept {
  switch (c) {
    case ErrorClass::token_invalid:
      return "token_invalid";
    case ErrorClass::rate_limited:
      return "rate_limited";
    case ErrorClass::object_gone:
      return "object_gone";
    case ErrorClass::permission:
      return "permission";
    case ErrorClass::configuration:
      return "configuration";
    case ErrorClass::ask_for_less:
      return "ask_for_less";
    case ErrorClass::policy_block:
      return "policy_block";
    case ErrorClass::transient:
      return "transient";
    case ErrorClass::invalid_request:
      return "invalid_request";
  }
  return "unknown";
}

std::string_view stop_advice(ErrorClass c) noexcept {
  switch (c) {
    case ErrorClass::token_invalid:
      return "The access token is expired or invalid: re-authorise the channel, replace its "
             "credentials file, then reload.";
    case ErrorClass::permission:
      return "The token lacks a permission or the Page role it needs (see docs/setup): grant "
             "it, replace the credentials file if the token changed, then reload.";
    case ErrorClass::configuration:
      return "The platform refused the request as invalid: check the channel's account_id (the "
             "numeric id, not a name), api_base and watch settings, then reload.";
    case ErrorClass::object_gone:
      return "The account cannot be read: its account_id is wrong or the token lacks the "
             "permission to read it; fix it, then reload.";
    default:
      return {};
  }
}

bool ends_listing_only(const GraphError& e) noexcept {
  const ErrorClass c = classify(e);
  return c == ErrorClass::object_gone || c == ErrorClass::configuration;
}

namespace {

void read_usage_object(const json& o, UsageSignal& s) {
  if (!o.is_object()) return;
  for (const char* key : {"call_count", "total_time", "total_cputime", "acc_id_util_pct"}) {
    const long long v = integer(o, key, 0);
    s.max_percent = static_cast<int>(
        std::clamp<long long>(std::max<long long>(s.max_percent, v), 0, 1'000'000));
  }
  if (member(o, "estimated_time_to_regain_access")) {
    const long long m = integer(o, "estimated_time_to_regain_access", 0);
    if (m > 0) s.regain_minutes = std::max(s.regain_minutes.value_or(0), std::min(m, 24LL * 60));
  }
}

}  // namespace

UsageSignal parse_usage(std::optional<std::string_view> buc, std::optional<std::string_view> app,
                        std::optional<std::string_view> page, std::string_view use_case) {
  auto counts = [use_case](const json& entry) {
    if (use_case.empty() || !entry.is_object()) return true;
    const std::string type = str(entry, "type");
    return type.empty() || type == use_case;  // an untyped entry: assume it is ours
  };
  UsageSignal s;
  try {
    if (buc) {
      const json j = parse_json(*buc);
      if (j.is_object())
        for (const auto& [business, entries] : j.items()) {
          if (entries.is_array())
            for (const json& e : entries) {
              if (counts(e)) read_usage_object(e, s);
            }
          else if (counts(entries))
            read_usage_object(entries, s);
        }
    }
    for (auto h : {app, page})
      if (h) read_usage_object(parse_json(*h), s);
  } catch (const json::exception&) {
    // A malformed header carries no signal.
  }
  return s;
}

UsageSignal parse_usage(const HttpResponse& r, std::string_view use_case) {
  return parse_usage(r.header("x-business-use-case-usage"), r.header("x-app-usage"),
                     r.header("x-page-usage"), use_case);
}

Parsed<CommentPage> parse_comment_page(std::string_view body) {
  Parsed<CommentPage> out;
  try {
    const json j = parse_json(body);
    if (!prologue(j, out)) return out;
    if (!read_comment_list(j, out.value, out.problem)) return malformed<CommentPage>(out.problem);
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    return malformed<CommentPage>("unexpected JSON shape");
  }
  return out;
}

Parsed<CommentState> parse_comment_state(std::string_view body) {
  Parsed<CommentState> out;
  try {
    const json j = parse_json(body);
    if (!prologue(j, out)) return out;
    if (!j.is_object()) return malformed<CommentState>("comment node is not an object");
    out.value.id = str(j, "id");
    if (out.value.id.empty()) return malformed<CommentState>("comment node without an id");
    for (const char* name : {"is_hidden", "hidden"})
      if (const json* h = member(j, name)) {
        if (!h->is_boolean())
          return malformed<CommentState>(std::string(name) + " is not a boolean");
        out.value.hidden = h->get<bool>();
      }
    if (const json* parent = member(j, "parent")) out.value.parent_id = str(*parent, "id");
    if (out.value.parent_id.empty()) out.value.parent_id = str(j, "parent_id");
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    return malformed<CommentState>("unexpected JSON shape");
  }
  return out;
}

Parsed<std::vector<std::string>> parse_id_list(std::string_view body) {
  Parsed<std::vector<std::string>> out;
  try {
    const json j = parse_json(body);
    if (!prologue(j, out)) return out;
    const json* data = member(j, "data");
    if (!data || !data->is_array()) return malformed<std::vector<std::string>>("no data array");
    for (const json& item : *data)
      if (std::string id = str(item, "id"); !id.empty()) out.value.push_back(std::move(id));
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    return malformed<std::vector<std::string>>("unexpected JSON shape");
  }
  return out;
}

Parsed<PostPage> parse_post_page(std::string_view body) {
  Parsed<PostPage> out;
  try {
    const json j = parse_json(body);
    if (!prologue(j, out)) return out;
    const json* data = member(j, "data");
    if (!data || !data->is_array()) return malformed<PostPage>("post listing without data array");
    for (const json& p : *data) {
      PostNode node;
      node.id = str(p, "id");
      if (node.id.empty()) continue;
      node.created = time_field(p, "created_time");
      if (!node.created) node.created = time_field(p, "timestamp");
      node.permalink = str(p, "permalink_url");
      if (node.permalink.empty()) node.permalink = str(p, "permalink");
      node.username = str(p, "username");
      node.comments_count = integer(p, "comments_count", -1);
      if (const json* c = member(p, "comments"); c && c->is_object()) {
        CommentPage page;
        std::string problem;
        if (read_comment_list(*c, page, problem)) node.comments = std::move(page);
        if (const json* summary = member(*c, "summary"))
          node.comments_count = integer(*summary, "total_count", node.comments_count);
      }
      out.value.posts.push_back(std::move(node));
    }
    out.value.next = next_link(j);
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    return malformed<PostPage>("unexpected JSON shape");
  }
  return out;
}

Parsed<bool> parse_action(std::string_view body) {
  Parsed<bool> out;
  try {
    const json j = parse_json(body);
    if (!prologue(j, out)) return out;
    if (j.is_boolean()) {  // very old Graph versions answer a bare `true`
      out.kind = OutcomeKind::ok;
      out.value = j.get<bool>();
      return out;
    }
    if (!j.is_object()) return malformed<bool>("action response is not an object");
    if (const json* s = member(j, "success")) {
      out.kind = OutcomeKind::ok;
      out.value = s->is_boolean() ? s->get<bool>() : (s->is_string() && *s == "true");
      return out;
    }
    if (!str(j, "id").empty()) {
      out.kind = OutcomeKind::ok;
      out.value = true;
      return out;
    }
    // Block: {"<user id>": true, ...}
    bool any = false, all = true;
    for (const auto& [key, value] : j.items()) {
      any = true;
      all = all && value.is_boolean() && value.get<bool>();
    }
    if (!any) return malformed<bool>("empty action response");
    out.kind = OutcomeKind::ok;
    out.value = all;
  } catch (const json::exception&) {
    return malformed<bool>("unexpected JSON shape");
  }
  return out;
}

Parsed<std::vector<BatchItem>> parse_batch(std::string_view body) {
  Parsed<std::vector<BatchItem>> out;
  try {
    const json j = parse_json(body);
    if (!prologue(j, out)) return out;
    if (!j.is_array()) return malformed<std::vector<BatchItem>>("batch response is not an array");
    for (const json& item : j) {
      BatchItem b;
      if (item.is_object()) {
        const long long code = integer(item, "code", 0);
        b.code = static_cast<unsigned>(std::clamp<long long>(code, 0, 999));
        b.body = str(item, "body");
      }
      out.value.push_back(std::move(b));
    }
    out.kind = OutcomeKind::ok;
  } catch (const json::exception&) {
    return malformed<std::vector<BatchItem>>("unexpected JSON shape");
  }
  return out;
}

}  // namespace hm::connectors::graph
