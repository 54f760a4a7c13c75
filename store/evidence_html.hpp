// A printable, self-contained HTML page for an evidence bundle (no scripts, no external
// resources). Every value from the bundle is HTML-escaped: comment text is attacker-controlled,
// and bidirectional-text controls in it (U+200E/F, U+202A-202E, U+2066-2069, which can make
// text read differently from what it is, "Trojan Source") are shown as visible [U+202E] marks.
// The page is saved and opened as a file, so it carries its own Content-Security-Policy in a
// <meta> element: nothing may load, and only its one <style> element applies (by its SHA-256);
// the console serves it with the same policy as its header (evidence_html_csp()).
//
// Error policy: pure formatting; a bundle missing expected fields renders them as empty.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hm::store {

std::string html_escape(std::string_view text);
// Fields appear in the order a reader expects them, hence ordered_json.
std::string render_evidence_html(const nlohmann::ordered_json& bundle);
// The page's policy: default-src 'none', its style element by hash, no framing, no forms.
const std::string& evidence_html_csp();

}  // namespace hm::store
