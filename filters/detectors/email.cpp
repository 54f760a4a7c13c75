#include <re2/re2.h>

#include <algorithm>

#include "filters/detectors/detectors.hpp"

namespace hm::filters::detectors {
namespace {

// Shared mailboxes a school or business publishes on purpose.
bool role_account(std::string_view local) {
  static constexpr std::string_view roles[] = {
      "office",     "admin",       "enquiries", "enquiry",   "info",        "reception",
      "head",       "headteacher", "bursar",    "finance",   "senco",       "sendco",
      "attendance", "admissions",  "pta",       "governors", "clerk",       "safeguarding",
      "dsl",        "contact",     "hello",     "school",    "schooloffice"};
  std::string lower(local);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return std::find(std::begin(roles), std::end(roles), lower) != std::end(roles);
}

bool exempt(std::string_view local, std::string_view domain,
            const std::vector<std::string>& own_domains) {
  std::string host(domain);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (host_within(host, "sch.uk")) return true;
  for (const auto& own : own_domains)
    if (host_within(host, own)) return true;
  return role_account(local);
}

}  // namespace

void email_addresses(std::string_view original, const Normalised& n, bool obfuscation_cue,
                     const std::vector<std::string>& own_domains, std::vector<Found>& out) {
  static const RE2 plain(
      R"(([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}))");
  if (original.find('@') != std::string_view::npos || n.has_at_sign) {
    re2::StringPiece input(original.data(), original.size()), local, domain;
    while (RE2::FindAndConsume(&input, plain, &local, &domain)) {
      if (exempt(local, domain, own_domains)) continue;
      std::size_t start = std::size_t(local.data() - original.data());
      std::size_t end = std::size_t(domain.data() + domain.size() - original.data());
      out.push_back({start, end});
    }
  }
  if (!obfuscation_cue) return;
  // On folded text: "name (at) example (dot) co (dot) uk", "name at example dot com". A
  // bracketed "(at)" is obfuscation by itself; a bare " at " needs a spelled-out " dot " too.
  static const RE2 bracketed(
      R"(\b([a-z0-9._%+-]{1,64})\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*([a-z0-9-]{1,63}(?:\s*(?:[\(\[\{<]\s*dot\s*[\)\]\}>]|\s+dot\s+|\.)\s*[a-z0-9-]{1,63})+))");
  static const RE2 spelled(
      R"(\b([a-z0-9._%+-]{1,64})\s+at\s+([a-z0-9-]{1,63}(?:\s*(?:[\(\[\{<]\s*dot\s*[\)\]\}>]|\s+dot\s+)\s*[a-z0-9-]{1,63})+))");
  static const RE2 dot_word(R"(\s*[\(\[\{<]?\s*dot\s*[\)\]\}>]?\s*)");
  static const RE2 tld(R"(\.(?:com|co|uk|org|net|ie|io|me|info)$)");
  const NormalForm& f = n.folded;
  for (const RE2* re : {&bracketed, &spelled}) {
    re2::StringPiece input(f.text), local, domain;
    while (RE2::FindAndConsume(&input, *re, &local, &domain)) {
      std::string host(domain.data(), domain.size());
      RE2::GlobalReplace(&host, dot_word, ".");
      // "meet at park dot" is not an address: the host must end in a top-level domain.
      if (!RE2::PartialMatch(host, tld)) continue;
      if (exempt(std::string_view(local.data(), local.size()), host, own_domains)) continue;
      std::size_t start = std::size_t(local.data() - f.text.data());
      std::size_t end = std::size_t(domain.data() + domain.size() - f.text.data());
      auto [s, e] = f.original_span(start, end);
      bool seen = false;
      for (const auto& o : out) seen = seen || (o.start <= s && e <= o.end);
      if (!seen) out.push_back({s, e});
    }
  }
}

}  // namespace hm::filters::detectors
