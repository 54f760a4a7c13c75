// Percent-encoding, query/form parsing and base64, as the emulator needs them for untrusted
// request targets and bodies.
//
// Error policy: decoding is lenient (malformed escapes are kept literally, invalid base64
// yields std::nullopt); nothing here throws except std::bad_alloc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/http_message.hpp"

namespace hm::emulator {

// Decodes %XX escapes; when plus_is_space, '+' becomes ' ' (form encoding).
std::string percent_decode(std::string_view in, bool plus_is_space);
// Encodes everything except unreserved characters (RFC 3986).
std::string percent_encode(std::string_view in);
// Parses "a=1&b=two" (form or query encoding).
Params parse_params(std::string_view in);
// Joins parameters back into an encoded query string.
std::string encode_params(const Params& params);
// Splits a decoded path into non-empty segments.
std::vector<std::string> split_path(std::string_view path);

std::string base64_encode(std::string_view in);
std::optional<std::string> base64_decode(std::string_view in);

}  // namespace hm::emulator
