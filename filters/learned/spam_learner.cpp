#include "filters/learned/spam_learner.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <random>

#include "filters/learned/text_features.hpp"

namespace hm::filters::learned {

void weigh_sources(std::vector<Example>& examples, const std::vector<std::uint32_t>& source,
                   std::optional<std::uint32_t> page) {
  std::map<std::uint32_t, std::size_t> sizes;
  for (auto s : source) ++sizes[s];
  const bool has_page = page && sizes.count(*page) && sizes.size() > 1;
  const double total = double(examples.size());
  const double others = double(sizes.size() - (has_page ? 1 : 0));
  for (std::size_t i = 0; i < examples.size() && i < source.size(); ++i) {
    const double share = !has_page            ? total / double(sizes.size())
                         : source[i] == *page ? total / 2
                                              : total / 2 / others;
    examples[i].weight = float(share / double(sizes[source[i]]));
  }
}

SpamModel learn(const std::vector<Example>& examples, const LearnOptions& options) {
  ModelInfo info{.trained_at = options.trained_at,
                 .examples = std::uint32_t(examples.size()),
                 .spam_examples = 0,
                 .flag_at = options.flag_at,
                 .review_at = std::min(options.review_at, options.flag_at)};
  for (const auto& e : examples) info.spam_examples += e.spam ? 1 : 0;
  std::vector<float> weights(kFeatureSlots, 0.0f);
  if (info.spam_examples == 0 || info.spam_examples == info.examples)
    return SpamModel(std::move(weights), -30.0f, info);  // nothing to tell apart: never flags

  std::vector<float> squared(kFeatureSlots, 0.0f);  // AdaGrad's sum of squared gradients
  double bias = 0, bias_squared = 0;
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 random(options.seed);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), random);
    for (std::size_t i : order) {
      const Example& e = examples[i];
      const double scale = e.slots.empty() ? 1.0 : 1.0 / std::sqrt(double(e.slots.size()));
      double z = bias;
      for (auto s : e.slots) z += weights[s] * scale;
      const double p = 1.0 / (1.0 + std::exp(-std::clamp(z, -30.0, 30.0)));
      const double g = (p - (e.spam ? 1.0 : 0.0)) * e.weight;
      for (auto s : e.slots) {
        const double gs = g * scale + options.l2 * weights[s];
        squared[s] += float(gs * gs);
        weights[s] -= float(options.rate * gs / std::sqrt(double(squared[s]) + 1e-8));
      }
      bias_squared += g * g;
      bias -= options.rate * g / std::sqrt(bias_squared + 1e-8);
    }
  }
  return SpamModel(std::move(weights), float(bias), info);
}

}  // namespace hm::filters::learned
