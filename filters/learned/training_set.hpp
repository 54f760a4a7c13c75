// A training set, assembled the same way by `hallmonitorctl learn` and by the daemon's own
// retraining ([learning] retrain): each file of labelled rows is one source; the project's
// everyday school-page comments (<filters dir>/learned/ordinary-comments.txt) and the page's
// own decisions are one more; every source weighs as much as any other (weigh_sources).
//
// Rows are JSON lines in ../shared/realdata's shape: "text" and "labels" (or "categories");
// spam or commercial is spam, anything else (clean, abuse, ...) is not.
//
// Error policy: a file that cannot be read, or a line that is not such a row, is refused with
// "file:line: why" (a model learned from half-read data would be judged on figures it does not
// deserve); examples of one class only are refused with a reason. Nothing throws.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "filters/learned/spam_learner.hpp"

namespace hm::filters::learned {

struct Source {
  std::vector<Example> examples;
  std::size_t spam = 0;
  std::size_t skipped = 0;  // rows with empty text
};

// One file of labelled rows; nullopt and `error` when it cannot be read whole.
std::optional<Source> read_labelled_rows(const std::filesystem::path& file,
                                         const std::vector<std::string>& trusted,
                                         std::string& error);

// Where a filters folder keeps its everyday comments: <dir>/learned/ordinary-comments.txt.
std::filesystem::path everyday_comments_file(const std::filesystem::path& filters_dir);

// The everyday comments file, one comment per line, '#' starts a comment line; all not spam.
// A missing file gives no examples (the caller warns).
Source read_everyday_comments(const std::filesystem::path& file,
                              const std::vector<std::string>& trusted);

struct TrainingSet {
  std::vector<Example> examples;  // weighed per source
  std::size_t spam = 0;
};

// Flattens and weighs the sources, the last being the page's own (its everyday comments and
// decisions: half the weight, see weigh_sources); nullopt and `error` when the examples hold
// one class only.
std::optional<TrainingSet> assemble(std::vector<Source> sources, std::string& error);

// Learns the set, stamped with the time now (the model's trained_at) and timed for the report.
struct Learned {
  SpamModel model;
  double seconds = 0;  // how long learning took
};
Learned learn_now(const TrainingSet& set, LearnOptions options);

}  // namespace hm::filters::learned
