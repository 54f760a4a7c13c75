#include "cli/verdict_json.hpp"

#include <charconv>

namespace hm::cli {

void append_json_string(std::string_view s, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

namespace {
void append_number(std::size_t n, std::string& out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}
}  // namespace

void append_verdict_json(const moderation::PolicyVerdict& judged, std::string& out) {
  const filters::Verdict& v = judged.verdict;
  out += "{\"categories\":[";
  bool first = true;
  for (auto c : v.categories.list()) {
    if (!first) out += ',';
    first = false;
    append_json_string(filters::to_string(c), out);
  }
  out += "],\"actions\":[";
  first = true;
  for (auto a : judged.actions) {
    if (!first) out += ',';
    first = false;
    append_json_string(moderation::to_string(a), out);
  }
  out += "],\"matches\":[";
  first = true;
  for (const auto& m : v.matches) {
    if (!first) out += ',';
    first = false;
    out += "{\"rule\":";
    append_json_string(m.rule, out);
    out += ",\"category\":";
    append_json_string(filters::to_string(m.category), out);
    out += ",\"start\":";
    append_number(m.start, out);
    out += ",\"end\":";
    append_number(m.end, out);
    if (!m.why.empty()) {  // extra keys only when set: the contract's keys stay as they were
      out += ",\"why\":";
      append_json_string(m.why, out);
    }
    out += '}';
  }
  out += ']';
  if (v.urgency != filters::Urgency::normal) {
    out += ",\"urgency\":";
    append_json_string(filters::to_string(v.urgency), out);
  }
  out += "}\n";
}

void append_error_json(std::string_view message, std::string& out) {
  out += "{\"error\":";
  append_json_string(message, out);
  out += "}\n";
}

}  // namespace hm::cli
