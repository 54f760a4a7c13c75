#include "daemon/school_classifier.hpp"

#include "filters/filter_exception.hpp"

namespace hm::daemon {

SchoolClassifier::Built SchoolClassifier::build(
    const config::Config& cfg, std::shared_ptr<const FilterExceptions> exceptions) {
  Built out;
  auto loaded = filters::Pipeline::load(cfg.filters_dir);
  for (const auto& p : loaded.problems) out.problems.push_back(p.str());
  if (!loaded.pipeline) return out;
  auto c = std::shared_ptr<SchoolClassifier>(new SchoolClassifier());
  c->pipeline_ = loaded.pipeline;
  c->exceptions_ = std::move(exceptions);
  for (const auto& school : cfg.schools) {
    filters::SchoolProfile profile;
    profile.id = school.id;
    profile.protected_names_file = school.protected_names;
    profile.own_domains = school.own_domains;
    auto fs = filters::School::load(profile);
    for (const auto& p : fs.problems) out.problems.push_back(p.str());
    if (!fs.school) continue;
    auto data = std::make_shared<SchoolData>(SchoolData{school.id, fs.school, school.policy});
    for (const auto& ch : school.channels) c->by_channel_[ch.id] = data;
    c->by_school_[school.id] = data;
  }
  c->fallback_ = std::make_shared<SchoolData>(
      SchoolData{"", filters::School::none(),
                 moderation::default_policy("Please contact the school office so we can follow "
                                            "our complaints procedure.")});
  if (out.problems.empty()) out.classifier = std::move(c);
  return out;
}

const SchoolClassifier::SchoolData& SchoolClassifier::school_of(std::string_view channel_id) const {
  auto it = by_channel_.find(channel_id);
  return it == by_channel_.end() ? *fallback_ : *it->second;
}

filters::Verdict SchoolClassifier::judge(std::string_view text, const SchoolData& school) const {
  filters::Verdict v = pipeline_->classify(text, *school.filter_school);
  // Most comments are clean: the exception set is consulted only for a flagged one.
  if (exceptions_ && !school.id.empty() && filters::exception_clears(v) &&
      exceptions_->covers(school.id, text))
    return filters::Verdict{};
  return v;
}

filters::Verdict SchoolClassifier::verdict(std::string_view text,
                                           std::string_view channel_id) const {
  return judge(text, school_of(channel_id));
}

moderation::PolicyVerdict SchoolClassifier::verdict_in_school(std::string_view text,
                                                              std::string_view school_id) const {
  auto it = by_school_.find(school_id);
  const SchoolData& s = it == by_school_.end() ? *fallback_ : *it->second;
  moderation::PolicyVerdict out;
  out.verdict = judge(text, s);
  out.actions = moderation::policy_actions(s.policy, out.verdict.categories);
  return out;
}

const moderation::SchoolPolicy& SchoolClassifier::policy(std::string_view channel_id) const {
  return school_of(channel_id).policy;
}

}  // namespace hm::daemon
