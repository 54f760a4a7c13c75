#include "store/evidence_html.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <stdexcept>

namespace hm::store {
namespace {

using json = nlohmann::ordered_json;

std::string value_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string field(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  return value_text(object[key]);
}

std::string esc(const json& object, const char* key) {
  return html_escape(field(object, key));
}

void row(std::string& out, std::string_view label, const std::string& escaped_value) {
  out += "<tr><th>";
  out += html_escape(label);
  out += "</th><td>";
  out += escaped_value;
  out += "</td></tr>\n";
}

constexpr std::string_view kStyle = R"css(
body { font-family: Georgia, serif; margin: 2em; color: #000; background: #fff; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #000; }
h3 { font-size: 1.1em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; width: 100%; }
th, td { border: 1px solid #888; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; width: 14em; }
.text { white-space: pre-wrap; border: 2px solid #000; padding: 0.75em; font-family: sans-serif; }
.hash { font-family: monospace; font-size: 0.8em; word-break: break-all; }
.note { font-style: italic; }
.ok { color: #060; font-weight: bold; } .bad { color: #a00; font-weight: bold; }
section.comment { page-break-inside: avoid; }
@media print { body { margin: 1cm; } a { color: #000; } }
)css";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // U+200E/F are E2 80 8E/8F, U+202A-202E are E2 80 AA-AE, U+2066-2069 are E2 81 A6-A9.
    if (c == '\xe2' && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      const bool bidi = (b1 == 0x80 && (b2 == 0x8e || b2 == 0x8f || (b2 >= 0xaa && b2 <= 0xae))) ||
                        (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9);
      if (bidi) {
        const unsigned cp = 0x2000u + ((b1 & 0x3fu) << 6) + (b2 & 0x3fu);
        char mark[16];
        std::snprintf(mark, sizeof mark, "[U+%04X]", cp);
        out += mark;
        i += 2;
        continue;
      }
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const std::string& evidence_html_csp() {
  static const std::string policy = [] {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(kStyle.data(), kStyle.size(), digest, &length, EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("OpenSSL could not compute SHA-256");
    unsigned char encoded[64];
    EVP_EncodeBlock(encoded, digest, int(length));
    return "default-src 'none'; style-src 'sha256-" +
           std::string(reinterpret_cast<const char*>(encoded)) +
           "'; base-uri 'none'; form-action 'none'";
  }();
  return policy;
}

std::string render_evidence_html(const json& bundle) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // frame-ancestors is ignored in a <meta> policy; the console's header adds it when served.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + evidence_html_csp() + "\">\n";
  out += "<title>hallmonitor evidence</title>\n<style>";
  out += kStyle;
  out +=
      "</style>\n</head>\n<body>\n<h1>Evidence record of comments on official school social "
      "media</h1>\n<table>\n";
  row(out, "Generated (UTC)", esc(bundle, "generated_at"));
  row(out, "Request", html_escape(value_text(bundle.value("query", json::object()))));
  row(out, "Database", esc(bundle, "database"));
  out += "</table>\n";

  const json comments = bundle.value("comments", json::array());
  if (comments.empty()) out += "<p class=\"note\">No comments matched the request.</p>\n";
  for (const json& c : comments) {
    out += "<section class=\"comment\">\n<h2>Comment " + esc(c, "platform_comment_id") + " on " +
           esc(c, "platform") + "</h2>\n<table>\n";
    row(out, "School", html_escape(field(c.value("school", json::object()), "name")));
    row(out, "Channel", esc(c, "channel"));
    row(out, "Author id", esc(c, "author_id"));
    row(out, "Author name", esc(c, "author_name"));
    std::string link = field(c, "permalink");
    row(out, "Permalink", html_escape(link));
    row(out, "Posted (UTC)", esc(c, "created_at"));
    row(out, "First seen by hallmonitor (UTC)", esc(c, "first_seen_at"));
    row(out, "In reply to", esc(c, "parent_platform_id"));
    row(out, "Resolved (UTC)", esc(c, "resolved_at"));
    if (!field(c, "erased_at").empty()) row(out, "Erased on request (UTC)", esc(c, "erased_at"));
    out += "</table>\n";
    for (const json& v : c.value("versions", json::array())) {
      out += "<h3>Version " + esc(v, "version") + " (seen " + esc(v, "seen_at") + ")</h3>\n";
      if (v.contains("text") && v["text"].is_string())
        out += "<div class=\"text\">" + esc(v, "text") + "</div>\n";
      else
        out += "<p class=\"note\">" + esc(v, "text_note") + "</p>\n";
      out += "<table>\n";
      row(out, "SHA-256 of the text", "<span class=\"hash\">" + esc(v, "text_sha256") + "</span>");
      const json verdict = v.value("verdict", json());
      if (verdict.is_object()) {
        std::string categories;
        for (const json& cat : verdict.value("categories", json::array()))
          categories += (categories.empty() ? "" : ", ") + value_text(cat);
        row(out, "Categories", html_escape(categories));
        std::string matches;
        for (const json& m : verdict.value("matches", json::array()))
          matches += html_escape(field(m, "rule") + " (" + field(m, "category") + ", bytes " +
                                 field(m, "start") + "–" + field(m, "end") + ")") +
                     "<br>";
        row(out, "Rules matched", matches);
        row(out, "Classified (UTC)", esc(verdict, "decided_at"));
      }
      out += "</table>\n";
    }
    const json actions = c.value("actions", json::array());
    if (!actions.empty()) {
      out += "<h3>Actions</h3>\n<table>\n<tr><th>Action</th><th>History (UTC)</th></tr>\n";
      for (const json& a : actions) {
        out += "<tr><td>#" + esc(a, "id") + " " + esc(a, "kind") + " — " + esc(a, "state");
        if (a.value("manual", false)) out += " (manual task)";
        out += "<br>" + esc(a, "reason");
        if (!field(a, "text").empty()) out += "<br>Reply: " + esc(a, "text");
        if (!field(a, "outcome").empty()) out += "<br>Outcome: " + esc(a, "outcome");
        out += "</td><td>";
        for (const json& t : a.value("transitions", json::array()))
          out += esc(t, "at") + ": " + esc(t, "from") + " → " + esc(t, "to") + " by " +
                 esc(t, "actor") + " (" + esc(t, "reason") + ")<br>";
        out += "</td></tr>\n";
      }
      out += "</table>\n";
    }
    out += "</section>\n";
  }

  out += "<h2>Audit log entries</h2>\n<table>\n<tr><th>Row</th><th>Entry</th></tr>\n";
  for (const json& r : bundle.value("audit", json::array())) {
    out += "<tr><td>" + esc(r, "id") + "</td><td>" + esc(r, "at") + " " + esc(r, "event") + " on " +
           esc(r, "subject") + " by " + esc(r, "actor") + "<br>" +
           html_escape(value_text(r.value("detail", json()))) +
           "<br><span class=\"hash\">prev_hash " + esc(r, "prev_hash") + "<br>hash " +
           esc(r, "hash") + "</span></td></tr>\n";
  }
  out += "</table>\n";

  const json chain = bundle.value("chain", json::object());
  out += "<h2>Integrity of the record</h2>\n<table>\n";
  row(out, "Chain verified",
      chain.value("verified", false) ? "<span class=\"ok\">yes</span>"
                                     : "<span class=\"bad\">NO</span>");
  row(out, "Finding", esc(chain, "message"));
  row(out, "Rows checked", esc(chain, "rows_checked"));
  const json head = chain.value("head", json::object());
  row(out, "Chain head",
      "row " + esc(head, "id") + "<br><span class=\"hash\">" + esc(head, "hash") + "</span>");
  row(out, "Method", esc(chain, "algorithm"));
  out +=
      "</table>\n<p class=\"note\">Each audit row's hash covers the hash of the row before "
      "it, so changing, removing or reordering any row changes every hash after it. The "
      "accompanying evidence.json holds each row's canonical content for recomputation.</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace hm::store
