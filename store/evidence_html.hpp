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
std::string render_evidence_html(const nlohmann::json& bundle);

}  // namespace hm::store
