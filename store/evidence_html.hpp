// A printable, self-contained HTML page for an evidence bundle (no scripts, no external
// resources). Every value from the bundle is HTML-escaped: comment text is attacker-controlled.
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

}  // namespace hm::store
