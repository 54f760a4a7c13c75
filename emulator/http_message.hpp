// The emulator's own view of an HTTP exchange: a parsed request in, a response out. The core
// (control API, Graph, X) works only on these plain values, so it is tested without sockets.
//
// Error policy: these are plain data; nothing here throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hm::emulator {

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // raw request target as received
  std::string path;                            // percent-decoded path, without the query
  Params query;                                // decoded query parameters, in order
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // First value of a query parameter, if present.
  std::optional<std::string> query_param(const std::string& name) const;
  std::optional<std::string> header(const std::string& lower_name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::uint32_t delay_ms = 0;  // "slow" fault: the server waits this long before answering
  bool hang = false;           // "hang" fault: the server never answers

  void set_header(const std::string& name, const std::string& value);
  std::optional<std::string> header(const std::string& name) const;  // case-insensitive
};

// Builds a Request from a method, a raw target ("/v25.0/x?a=b") and a body: splits and decodes
// the path and query. Never throws on malformed escapes (they are kept literally).
Request make_request(std::string method, const std::string& target, std::string body = {},
                     std::map<std::string, std::string> headers = {});

}  // namespace hm::emulator
