// What the daemon knows about each school to judge a comment: the shared filter pipeline, the
// comment's school (protected names, own domains), that school's policy and its filter
// exceptions. One immutable snapshot per (re)load; a SIGHUP builds a new one and swaps it in
// whole. The exceptions are the one live part (daemon/filter_exceptions.hpp), shared across
// snapshots, so one a moderator adds counts from the next poll.
//
// The learned spam model ([learning], filters/learned/) is part of the snapshot: loaded with it,
// swapped with it. In shadow mode its opinion is returned beside the rules' verdict and changes
// nothing; in active mode it also counts in the verdict (filters/learned/second_opinion.hpp):
// its flag band hides like a rule, its review band asks a person to look (Judged::look_only).
//
// Error policy: build() returns every problem in the config's filters and schools, and a
// damaged model file, as "file:line: message" (the caller keeps the old snapshot); a model file
// that does not exist yet is no problem (model_status() says so). judge_comment() and policy()
// never fail.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/filter_exceptions.hpp"
#include "filters/learned/spam_model.hpp"
#include "filters/pipeline.hpp"
#include "moderation/plan.hpp"
#include "store/backtest_pass.hpp"
#include "store/learning_examples.hpp"

namespace hm::daemon {

class SchoolClassifier {
 public:
  struct Built {
    std::shared_ptr<const SchoolClassifier> classifier;
    std::vector<std::string> problems;
  };
  // `exceptions` may be null: no school has any.
  static Built build(const config::Config& cfg,
                     std::shared_ptr<const FilterExceptions> exceptions = nullptr);

  // A comment of a configured channel: the verdict and, with a model, its opinion; `applied`
  // says the opinion counted in the verdict (active mode). Without a model, or with [learning]
  // mode = "off", no opinion. An unknown channel is classified with no school data and the
  // default policy. A verdict the school has an exception for is clean, unless it is
  // safeguarding (filters::exception_clears).
  struct Judged {
    filters::Verdict verdict;
    std::optional<filters::learned::Opinion> opinion;
    bool applied = false;
    // Active mode, review band, rules clean: the verdict only asks a person to look. Record it
    // under moderation::look_only(policy), which hides nothing.
    bool look_only = false;
  };
  Judged judge_comment(std::string_view text, std::string_view channel_id) const;
  // "learning: shadow mode, model FILE (N examples)", "learning: no model at FILE yet", or
  // "learning: off": for the journal at start and reload.
  const std::string& model_status() const { return model_status_; }
  const moderation::SchoolPolicy& policy(std::string_view channel_id) const;
  // The console's filter tester: a school's protected names and own domains, no channel needed.
  // With the steps the school's policy asks for (moderation::policy_actions).
  moderation::PolicyVerdict verdict_in_school(std::string_view text,
                                              std::string_view school_id) const;
  const filters::Pipeline& pipeline() const { return *pipeline_; }

  // The backtest (issue 16): a stored comment of a school judged as a new one would be, or with
  // the model counted as in active mode (`model_on`), so a model still in shadow can be tried.
  // nullptr policy for a school this snapshot does not configure.
  const moderation::SchoolPolicy* school_policy(std::string_view school_id) const;
  filters::Verdict verdict_for_backtest(std::string_view text, std::string_view school_id,
                                        bool model_on) const;
  bool has_model() const { return model_ != nullptr; }
  // The loaded model's header (when it was learned, its thresholds); nullopt when none is.
  std::optional<filters::learned::ModelInfo> model_info() const {
    return model_ ? std::optional(model_->info()) : std::nullopt;
  }
  // Each configured school's trusted links (own domains and the link rule's safe sites), for
  // the training examples the store records from decisions (Store::set_trusted_links).
  store::TrustedLinks trusted_links() const;
  // The live filter exceptions this snapshot shares (may be null), for a candidate built beside it.
  std::shared_ptr<const FilterExceptions> exceptions() const { return exceptions_; }

 private:
  struct SchoolData {
    std::string id;  // empty for the fallback
    std::shared_ptr<const filters::School> filter_school;
    moderation::SchoolPolicy policy;
    std::vector<std::string> trusted_domains;  // own domains + the link rule's safe sites
  };
  void load_model(const config::Learning& learning, std::vector<std::string>& problems);
  const SchoolData& school_of(std::string_view channel_id) const;
  // A configured school's data, or the fallback (no school data, the default policy).
  const SchoolData& school_by_id(std::string_view school_id) const;
  Judged judge(std::string_view text, const SchoolData& school, config::ModelMode mode) const;

  std::shared_ptr<const filters::Pipeline> pipeline_;
  std::map<std::string, std::shared_ptr<const SchoolData>, std::less<>> by_channel_;
  std::map<std::string, std::shared_ptr<const SchoolData>, std::less<>> by_school_;
  std::shared_ptr<const SchoolData> fallback_;
  std::shared_ptr<const FilterExceptions> exceptions_;
  std::shared_ptr<const filters::learned::SpamModel> model_;
  config::ModelMode mode_ = config::ModelMode::off;
  std::string model_status_ = "learning: off";
};

// The backtest's judge (store/backtest_pass.hpp) over a snapshot: its schools' policies, and
// its verdicts as verdict_for_backtest gives them. The daemon's console and `hallmonitorctl
// backtest` both judge stored comments through it, as the daemon judges new ones.
store::BacktestJudge backtest_judge(std::shared_ptr<const SchoolClassifier> classifier,
                                    bool model_on);

}  // namespace hm::daemon
