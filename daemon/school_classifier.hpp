// What the daemon knows about each school to judge a comment: the shared filter pipeline, the
// comment's school (protected names, own domains), that school's policy and its filter
// exceptions. One immutable snapshot per (re)load; a SIGHUP builds a new one and swaps it in
// whole. The exceptions are the one live part (daemon/filter_exceptions.hpp), shared across
// snapshots, so one a moderator adds counts from the next poll.
//
// Error policy: build() returns every problem in the config's filters and schools as
// "file:line: message" (the caller keeps the old snapshot); verdict() and policy() never fail.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/filter_exceptions.hpp"
#include "filters/pipeline.hpp"
#include "moderation/plan.hpp"

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

  // For a comment of a configured channel; an unknown channel is classified with no school data
  // and the default policy. A verdict the school has an exception for is clean, unless it is
  // safeguarding (filters::exception_clears).
  filters::Verdict verdict(std::string_view text, std::string_view channel_id) const;
  const moderation::SchoolPolicy& policy(std::string_view channel_id) const;
  // The console's filter tester: a school's protected names and own domains, no channel needed.
  // With the steps the school's policy asks for (moderation::policy_actions).
  moderation::PolicyVerdict verdict_in_school(std::string_view text,
                                              std::string_view school_id) const;
  const filters::Pipeline& pipeline() const { return *pipeline_; }

 private:
  struct SchoolData {
    std::string id;  // empty for the fallback
    std::shared_ptr<const filters::School> filter_school;
    moderation::SchoolPolicy policy;
  };
  const SchoolData& school_of(std::string_view channel_id) const;
  filters::Verdict judge(std::string_view text, const SchoolData& school) const;

  std::shared_ptr<const filters::Pipeline> pipeline_;
  std::map<std::string, std::shared_ptr<const SchoolData>, std::less<>> by_channel_;
  std::map<std::string, std::shared_ptr<const SchoolData>, std::less<>> by_school_;
  std::shared_ptr<const SchoolData> fallback_;
  std::shared_ptr<const FilterExceptions> exceptions_;
};

}  // namespace hm::daemon
