// Pipeline::classify: one comment in, a deterministic, self-explaining Verdict out.
//
// Error policy: loading rules or a school's lists is an expected failure and returns every
// problem as "file:line: message" (the caller keeps its old pipeline serving). classify() never
// fails: hostile or invalid input is classified as well as it can be, never thrown on.
// A loaded Pipeline is immutable and safe to share between threads.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "filters/learned/concern_model.hpp"
#include "filters/learned/model_gates.hpp"
#include "filters/problem.hpp"
#include "filters/verdict.hpp"

namespace hm::filters {

class RuleBook;
class SchoolMatcher;

// What a school adds to the shared rules: its pupils' names and its own web domains.
struct SchoolProfile {
  std::string id;
  std::filesystem::path protected_names_file;  // empty: none
  std::vector<std::string> protected_names;    // added to those read from the file
  std::vector<std::string> own_domains;
};

// A school's compiled profile. Build it once per (re)load, share it between classify calls.
class School {
 public:
  struct Loaded {
    std::shared_ptr<const School> school;  // null when problems is not empty
    std::vector<Problem> problems;
  };
  static Loaded load(const SchoolProfile& profile);
  // A school with no protected names and no own domains (tests, the classify CLI's default).
  static std::shared_ptr<const School> none();

  const std::string& id() const noexcept { return id_; }
  ~School();

 private:
  friend class Pipeline;
  School();
  std::string id_;
  std::unique_ptr<SchoolMatcher> matcher_;
};

// What one learned second opinion is and when it is asked (pipeline.cpp, kSecondOpinions).
struct SecondOpinionKind;

class Pipeline {
 public:
  struct Loaded {
    std::shared_ptr<const Pipeline> pipeline;  // null when problems is not empty
    std::vector<Problem> problems;
  };
  // Reads `dir`/rules.toml and the list files it names, and each learned model file in
  // `dir`/learned/ that is there (a missing one is a model the admin turned off).
  static Loaded load(const std::filesystem::path& dir);

  Verdict classify(std::string_view text, const School& school) const;

  std::size_t rule_count() const noexcept;
  // The link rule's safe sites ([detectors.url] safe): links the rules never count against a
  // comment, and the learned model reads as trusted (filters/learned/text_features.hpp).
  const std::set<std::string>& safe_domains() const noexcept;
  // A rule's or detector's reason in plain words (RuleBook::description); empty if unknown.
  std::string_view description(std::string_view rule_id) const;
  ~Pipeline();

 private:
  Pipeline();
  std::unique_ptr<RuleBook> rules_;
  // The learned second opinions the admin keeps in `dir`/learned/ (learned/concern_model.hpp),
  // in the order they are asked: what each is, in pipeline.cpp's kSecondOpinions.
  struct SecondOpinion {
    const SecondOpinionKind* kind;
    learned::ConcernModel model;
  };
  std::vector<SecondOpinion> opinions_;
  learned::ModelGates gates_;  // opinions_' gates in one pass, in their order
};

}  // namespace hm::filters
