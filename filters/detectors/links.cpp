#include <re2/re2.h>

#include "filters/detectors/detectors.hpp"

namespace hm::filters::detectors {

bool host_within(std::string_view host, std::string_view domain) {
  if (host.size() < domain.size()) return false;
  if (host.substr(host.size() - domain.size()) != domain) return false;
  return host.size() == domain.size() || host[host.size() - domain.size() - 1] == '.';
}

namespace {

// Calls `each(host, start, end)` for every link in the folded text: the host without "www.", and
// the link's byte range in the folded text.
template <typename Each>
void for_each_link(const NormalForm& f, Each each) {
  static const RE2 link(
      R"((?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?:/[^\s]*)?)");
  re2::StringPiece input(f.text), host;
  while (true) {
    const char* before = input.data();
    if (!RE2::FindAndConsume(&input, link, &host)) break;
    std::string_view h(host.data(), host.size());
    if (h.starts_with("www.")) h.remove_prefix(4);
    std::size_t start = std::size_t(host.data() - f.text.data());
    std::size_t end = std::size_t(input.data() - f.text.data());
    if (end <= start) end = start + host.size();
    each(h, start, end);
    if (input.data() == before) break;
  }
}

bool own_host(std::string_view h, const std::vector<std::string>& own_domains) {
  bool own = host_within(h, "sch.uk");
  for (const auto& d : own_domains) own = own || host_within(h, d);
  return own;
}

// The host or one of its parent domains is in the set.
bool listed(std::string_view h, const std::set<std::string>& domains) {
  for (std::string_view probe = h; !probe.empty();) {
    if (domains.count(std::string(probe))) return true;
    auto dot = probe.find('.');
    if (dot == std::string_view::npos) break;
    probe.remove_prefix(dot + 1);
  }
  return false;
}

// Words of the folded text outside the given byte ranges (sorted, not overlapping).
int words_outside(std::string_view text,
                  const std::vector<std::pair<std::size_t, std::size_t>>& skip) {
  int words = 0;
  bool in_word = false;
  std::size_t k = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    while (k < skip.size() && i >= skip[k].second) ++k;
    bool skipped = k < skip.size() && i >= skip[k].first;
    char c = text[i];
    bool w = !skipped && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

}  // namespace

void links_to(const Normalised& n, const std::set<std::string>& domains,
              const std::vector<std::string>& own_domains, std::vector<Found>& out) {
  if (domains.empty()) return;
  const NormalForm& f = n.folded;
  for_each_link(f, [&](std::string_view h, std::size_t start, std::size_t end) {
    if (own_host(h, own_domains) || !listed(h, domains)) return;
    auto [s, e] = f.original_span(start, end);
    out.push_back({s, e});
  });
}

void promoted_links(std::string_view original, const Normalised& n, const LinkPolicy& policy,
                    const std::vector<std::string>& own_domains, std::vector<Found>& out) {
  const NormalForm& f = n.folded;
  std::vector<std::pair<std::size_t, std::size_t>> links, unknown;
  for_each_link(f, [&](std::string_view h, std::size_t start, std::size_t end) {
    links.emplace_back(start, end);
    if (own_host(h, own_domains)) return;
    // An e-mail address ("jo@outlook.com", its '@' folded to 'a') is the e-mail detector's.
    auto [s, e] = f.original_span(start, end);
    if (original.substr(s, e - s).find('@') != std::string_view::npos) return;
    for (const auto* known : policy.known)
      if (listed(h, *known)) return;
    unknown.emplace_back(start, end);
  });
  if (unknown.empty()) return;
  bool link_drop =
      policy.link_only_words >= 0 && words_outside(f.text, links) <= policy.link_only_words;
  bool promoted = link_drop || (policy.promo && RE2::PartialMatch(f.text, *policy.promo));
  if (!promoted) return;
  for (auto [start, end] : unknown) {
    auto [s, e] = f.original_span(start, end);
    out.push_back({s, e});
  }
}

}  // namespace hm::filters::detectors
