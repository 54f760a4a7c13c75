#include "cli/load_filters.hpp"

#include <iostream>

namespace hm::cli {

filters::SchoolProfile profile_of(const config::School& school) {
  filters::SchoolProfile p;
  p.id = school.id;
  p.protected_names_file = school.protected_names;
  p.own_domains = school.own_domains;
  return p;
}

std::optional<LoadedFilters> load_filters(const std::string& config_file,
                                          const std::string& school_id) {
  auto loaded = config::load(config_file);
  for (const auto& p : loaded.problems) std::cerr << p.str() << "\n";
  if (!loaded.config) return std::nullopt;
  LoadedFilters out{std::move(*loaded.config), nullptr, nullptr, {}};

  auto pipeline = filters::Pipeline::load(out.config.filters_dir);
  for (const auto& p : pipeline.problems) std::cerr << p.str() << "\n";
  if (!pipeline.pipeline) return std::nullopt;
  out.pipeline = std::move(pipeline.pipeline);

  const config::School* school =
      school_id.empty() ? &out.config.schools.front() : out.config.find_school(school_id);
  if (!school) {
    std::cerr << out.config.file.string() << ": no [[school]] with id '" << school_id << "'\n";
    return std::nullopt;
  }
  auto s = filters::School::load(profile_of(*school));
  for (const auto& p : s.problems) std::cerr << p.str() << "\n";
  if (!s.school) return std::nullopt;
  out.school = std::move(s.school);
  out.policy = school->policy;  // as the daemon applies it
  return out;
}

std::optional<filters::learned::SpamModel> load_model(const std::string& file) {
  auto parsed = filters::learned::SpamModel::load(file);
  if (!parsed.model) std::cerr << "hallmonitorctl: " << parsed.error << "\n";
  return std::move(parsed.model);
}

}  // namespace hm::cli
