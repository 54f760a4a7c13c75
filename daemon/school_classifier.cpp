#include "daemon/school_classifier.hpp"

#include "filters/filter_exception.hpp"
#include "filters/learned/second_opinion.hpp"

namespace hm::daemon {
// A damaged model is a problem (the old snapshot keeps serving); one not learned yet is not.
void SchoolClassifier::load_model(const config::Learning& learning,
                                  std::vector<std::string>& problems) {
  mode_ = learning.mode;
  if (learning.model.empty() || learning.mode == config::ModelMode::off) {
    model_status_ = "learning: off";
    return;
  }
  auto parsed = filters::learned::SpamModel::load(learning.model);
  if (parsed.missing) {
    model_status_ = "learning: " + std::string(config::to_string(learning.mode)) + " mode, but " +
                    parsed.error + " (nothing is judged by a model until one is learned)";
    return;
  }
  if (!parsed.model) {
    problems.push_back(parsed.error);
    return;
  }
  model_ = std::make_shared<const filters::learned::SpamModel>(std::move(*parsed.model));
  model_status_ = "learning: " + std::string(config::to_string(learning.mode)) + " mode, model " +
                  learning.model.string() + " (" + std::to_string(model_->info().examples) +
                  " examples)";
}

SchoolClassifier::Built SchoolClassifier::build(
    const config::Config& cfg, std::shared_ptr<const FilterExceptions> exceptions) {
  Built out;
  auto loaded = filters::Pipeline::load(cfg.filters_dir);
  for (const auto& p : loaded.problems) out.problems.push_back(p.str());
  if (!loaded.pipeline) return out;
  auto c = std::shared_ptr<SchoolClassifier>(new SchoolClassifier());
  c->pipeline_ = loaded.pipeline;
  c->exceptions_ = std::move(exceptions);
  c->load_model(cfg.learning, out.problems);
  for (const auto& school : cfg.schools) {
    filters::SchoolProfile profile;
    profile.id = school.id;
    profile.protected_names_file = school.protected_names;
    profile.own_domains = school.own_domains;
    auto fs = filters::School::load(profile);
    for (const auto& p : fs.problems) out.problems.push_back(p.str());
    if (!fs.school) continue;
    auto data = std::make_shared<SchoolData>(
        SchoolData{school.id, fs.school, school.policy,
                   filters::learned::trusted_domains(*c->pipeline_, school.own_domains)});
    for (const auto& ch : school.channels) c->by_channel_[ch.id] = data;
    c->by_school_[school.id] = data;
  }
  c->fallback_ = std::make_shared<SchoolData>(
      SchoolData{"", filters::School::none(),
                 moderation::default_policy("Please contact the school office so we can follow "
                                            "our complaints procedure."),
                 filters::learned::trusted_domains(*c->pipeline_, {})});
  if (out.problems.empty()) out.classifier = std::move(c);
  return out;
}

const SchoolClassifier::SchoolData& SchoolClassifier::school_of(std::string_view channel_id) const {
  auto it = by_channel_.find(channel_id);
  return it == by_channel_.end() ? *fallback_ : *it->second;
}

const SchoolClassifier::SchoolData& SchoolClassifier::school_by_id(
    std::string_view school_id) const {
  auto it = by_school_.find(school_id);
  return it == by_school_.end() ? *fallback_ : *it->second;
}

SchoolClassifier::Judged SchoolClassifier::judge(std::string_view text, const SchoolData& school,
                                                 config::ModelMode mode) const {
  Judged out;
  out.verdict = pipeline_->classify(text, *school.filter_school);
  if (model_ && mode != config::ModelMode::off) {
    out.opinion = model_->judge(text, school.trusted_domains);
    if (mode == config::ModelMode::active) {
      out.applied = filters::learned::add_second_opinion(out.verdict, *out.opinion, text.size());
      if (!out.applied)
        out.applied = out.look_only =
            filters::learned::add_review_opinion(out.verdict, *out.opinion, text.size());
    }
  }
  // Most comments are clean: the exception set is consulted only for a flagged one. An
  // exception covers the model's flag as it covers a rule's.
  if (exceptions_ && !school.id.empty() && filters::exception_clears(out.verdict) &&
      exceptions_->covers(school.id, text)) {
    out.verdict = filters::Verdict{};
    out.applied = out.look_only = false;
  }
  return out;
}

SchoolClassifier::Judged SchoolClassifier::judge_comment(std::string_view text,
                                                         std::string_view channel_id) const {
  return judge(text, school_of(channel_id), mode_);
}

moderation::PolicyVerdict SchoolClassifier::verdict_in_school(std::string_view text,
                                                              std::string_view school_id) const {
  const SchoolData& s = school_by_id(school_id);
  Judged judged = judge(text, s, mode_);
  moderation::PolicyVerdict out;
  // The review band asks a person to look and does nothing more (moderation/look_only.hpp).
  if (!judged.look_only)
    out.actions = moderation::policy_actions(s.policy, judged.verdict.categories);
  out.verdict = std::move(judged.verdict);
  return out;
}

store::TrustedLinks SchoolClassifier::trusted_links() const {
  store::TrustedLinks out;
  for (const auto& [id, school] : by_school_) out[id] = school->trusted_domains;
  return out;
}

const moderation::SchoolPolicy* SchoolClassifier::school_policy(std::string_view school_id) const {
  auto it = by_school_.find(school_id);
  return it == by_school_.end() ? nullptr : &it->second->policy;
}

filters::Verdict SchoolClassifier::verdict_for_backtest(std::string_view text,
                                                        std::string_view school_id,
                                                        bool model_on) const {
  return judge(text, school_by_id(school_id), model_on ? config::ModelMode::active : mode_).verdict;
}

const moderation::SchoolPolicy& SchoolClassifier::policy(std::string_view channel_id) const {
  return school_of(channel_id).policy;
}

store::BacktestJudge backtest_judge(std::shared_ptr<const SchoolClassifier> classifier,
                                    bool model_on) {
  store::BacktestJudge j;
  j.policy = [classifier](std::string_view school) { return classifier->school_policy(school); };
  j.verdict = [classifier, model_on](std::string_view text, std::string_view school) {
    return classifier->verdict_for_backtest(text, school, model_on);
  };
  return j;
}

}  // namespace hm::daemon
