// What the soak did and saw, kept by the scenario and read by the final checks: every comment
// posted (its channel, whether and how it is harmful, when it was posted and when the platform
// first showed it hidden or deleted), the moderator's decisions, and the counts the soak prints
// (faults by class, kills, reloads, emulator clock moved).
//
// Error policy: plain bookkeeping; nothing fails.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hm::test::soak {

using SteadyTime = std::chrono::steady_clock::time_point;

struct Posted {
  std::string id;  // the platform's comment id
  std::size_t channel = 0;
  std::string category;  // "clean", or the harm it was written as
  int seq = 0;           // order of posting; the moderator's decisions key off it
  SteadyTime at;
  std::optional<SteadyTime> gone_at;  // first seen hidden or deleted on the platform
  bool harmful() const { return category != "clean"; }
};

struct Ledger {
  std::vector<Posted> posted;
  std::map<std::string, std::size_t> index;        // platform id → posted[]
  std::set<std::string> approved, rejected, left;  // deletions the moderator decided, by comment
  std::map<std::string, int> faults;               // injected, by class
  int kills = 0;
  int reloads = 0;
  int api_errors = 0;  // console API answers other than 200/409 during moderation
  long long clock_advanced = 0;

  const Posted& add(std::string id, std::size_t channel, std::string category) {
    Posted p{id,
             channel,
             std::move(category),
             int(posted.size()),
             std::chrono::steady_clock::now(),
             std::nullopt};
    index[id] = posted.size();
    posted.push_back(std::move(p));
    return posted.back();
  }
  Posted* find(const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &posted[it->second];
  }
  const Posted* find(const std::string& id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &posted[it->second];
  }
  // Notes the first moment each harmful comment is no longer visible on the platform.
  void observe(const nlohmann::json& comments, SteadyTime now) {
    for (const auto& c : comments) {
      if (c.value("hidden", false) || c.value("deleted", false))
        if (Posted* p = find(c.at("id").get<std::string>()); p && p->harmful() && !p->gone_at)
          p->gone_at = now;
      observe(c.value("replies", nlohmann::json::array()), now);
    }
  }
  std::size_t count(bool harmful) const {
    return std::size_t(std::count_if(posted.begin(), posted.end(),
                                     [&](const Posted& p) { return p.harmful() == harmful; }));
  }
};

// The q-quantile (nearest rank) of `v`, which is sorted in place; 0 for an empty list.
inline double quantile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = std::size_t(std::ceil(q * double(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace hm::test::soak
