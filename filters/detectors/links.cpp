#include <re2/re2.h>

#include "filters/detectors/detectors.hpp"

namespace hm::filters::detectors {

bool host_within(std::string_view host, std::string_view domain) {
  if (host.size() < domain.size()) return false;
  if (host.substr(host.size() - domain.size()) != domain) return false;
  return host.size() == domain.size() || host[host.size() - domain.size() - 1] == '.';
}

void links_to(const Normalised& n, const std::set<std::string>& domains,
              const std::vector<std::string>& own_domains, std::vector<Found>& out) {
  if (domains.empty()) return;
  static const RE2 link(
      R"((?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?:/[^\s]*)?)");
  const NormalForm& f = n.folded;
  re2::StringPiece input(f.text), host;
  while (true) {
    const char* before = input.data();
    if (!RE2::FindAndConsume(&input, link, &host)) break;
    std::string_view h(host.data(), host.size());
    if (h.starts_with("www.")) h.remove_prefix(4);
    bool own = host_within(h, "sch.uk");
    for (const auto& d : own_domains) own = own || host_within(h, d);
    bool listed = false;
    if (!own) {
      // Check the host and each parent domain against the set.
      for (std::string_view probe = h; !probe.empty();) {
        if (domains.count(std::string(probe))) {
          listed = true;
          break;
        }
        auto dot = probe.find('.');
        if (dot == std::string_view::npos) break;
        probe.remove_prefix(dot + 1);
      }
    }
    if (listed) {
      std::size_t start = std::size_t(host.data() - f.text.data());
      std::size_t end = std::size_t(input.data() - f.text.data());
      if (end <= start) end = start + host.size();
      auto [s, e] = f.original_span(start, end);
      out.push_back({s, e});
    }
    if (input.data() == before) break;
  }
}

}  // namespace hm::filters::detectors
