// The small pieces of Internet mail formatting the safeguarding e-mail needs: base64 (AUTH
// PLAIN, RFC 2047 words), quoted-printable bodies (RFC 2045), encoded-word subjects (RFC 2047)
// and RFC 5322 dates. Pure functions, no I/O.
//
// Error policy: total functions; any input gives a well-formed output. Values headed for a
// header are cleaned by one_line() first, so configuration text can never add a header.
#pragma once

#include <string>
#include <string_view>

#include "moderation/types.hpp"

namespace hm::daemon::alerts {

std::string base64(std::string_view bytes);

// Quoted-printable with CRLF line endings: lines of at most 76 characters (soft breaks "=\r\n"),
// every byte outside printable ASCII, '=' and trailing white space encoded. `text` uses "\n"
// (or "\r\n") between lines.
std::string quoted_printable(std::string_view text);

// `text` as is when it is printable ASCII, else one or more "=?utf-8?B?...?=" words (each at
// most 75 characters, split on UTF-8 character boundaries), separated by "\r\n ".
std::string encoded_word(std::string_view text);

// "Sat, 21 Nov 2026 10:00:00 +0000" (RFC 5322 §3.3, UTC, English names whatever the locale).
std::string rfc5322_date(moderation::Time t);

// "2026-11-21 10:00 UTC", for people.
std::string readable_time(moderation::Time t);

// Control characters (CR and LF included) replaced by spaces, runs of spaces collapsed, trimmed,
// and cut to `max_bytes` on a UTF-8 boundary: for values from the config placed in a message.
std::string one_line(std::string_view text, std::size_t max_bytes = 200);

}  // namespace hm::daemon::alerts
