#include "filters/learned/training_set.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "filters/learned/text_features.hpp"

namespace hm::filters::learned {
namespace {

bool is_spam_label(const nlohmann::json& label) {
  return label == "spam" || label == "commercial";
}

}  // namespace

std::optional<Source> read_labelled_rows(const std::filesystem::path& file,
                                         const std::vector<std::string>& trusted,
                                         std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = "cannot read " + file.string();
    return std::nullopt;
  }
  Source s;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto row = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    const auto where = file.string() + ":" + std::to_string(n) + ": ";
    if (row.is_discarded() || !row.is_object()) {
      error = where + "not a JSON object (or not UTF-8)";
      return std::nullopt;
    }
    const auto labels =
        row.contains("labels") ? row["labels"] : row.value("categories", nlohmann::json());
    if (!labels.is_array() || !row.contains("text") || !row["text"].is_string()) {
      error = where + "a row needs a string \"text\" and an array \"labels\" (or \"categories\")";
      return std::nullopt;
    }
    const auto& text = row["text"].get_ref<const std::string&>();
    if (text.empty()) {
      ++s.skipped;
      continue;
    }
    const bool spam = std::any_of(labels.begin(), labels.end(), is_spam_label);
    s.spam += spam ? 1 : 0;
    s.examples.push_back({feature_slots(text, trusted), spam});
  }
  return s;
}

std::filesystem::path everyday_comments_file(const std::filesystem::path& filters_dir) {
  return filters_dir / "learned" / "ordinary-comments.txt";
}

Source read_everyday_comments(const std::filesystem::path& file,
                              const std::vector<std::string>& trusted) {
  Source s;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#')
      s.examples.push_back({feature_slots(line, trusted), false});
  return s;
}

std::optional<TrainingSet> assemble(std::vector<Source> sources, std::string& error) {
  TrainingSet out;
  std::vector<std::uint32_t> source_of;
  for (std::size_t i = 0; i < sources.size(); ++i)
    for (auto& e : sources[i].examples) {
      out.spam += e.spam ? 1 : 0;
      out.examples.push_back(std::move(e));
      source_of.push_back(std::uint32_t(i));
    }
  if (out.spam == 0 || out.spam == out.examples.size()) {
    error = std::string("the examples hold ") + (out.spam == 0 ? "no spam" : "only spam") +
            "; a model needs both kinds to tell them apart";
    return std::nullopt;
  }
  weigh_sources(out.examples, source_of, std::uint32_t(sources.size() - 1));
  return out;
}

Learned learn_now(const TrainingSet& set, LearnOptions options) {
  options.trained_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  const auto started = std::chrono::steady_clock::now();
  auto model = learn(set.examples, options);
  return {std::move(model),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

}  // namespace hm::filters::learned
