#include "filters/learned/second_opinion.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace hm::filters::learned {

std::vector<std::string> trusted_domains(const Pipeline& pipeline,
                                         const std::vector<std::string>& own_domains) {
  std::vector<std::string> out(own_domains);
  out.insert(out.end(), pipeline.safe_domains().begin(), pipeline.safe_domains().end());
  return out;
}

std::string explain(const Opinion& opinion, std::string_view model) {
  char p[16];
  std::snprintf(p, sizeof p, "%.2f", opinion.probability);
  std::string out = std::string(model) + ": " + std::string(p);
  if (opinion.reasons.empty()) return out;
  out += " (";
  for (std::size_t i = 0; i < opinion.reasons.size(); ++i)
    out += (i ? ", " : "") + opinion.reasons[i].feature;
  return out + ")";
}

namespace {

// The model's match over the whole comment, kept in the (start, end, rule) order Verdict
// promises.
void add_model_match(Verdict& verdict, std::string_view rule, int severity, std::string why,
                     std::size_t text_size) {
  Match m{.rule = std::string(rule),
          .category = Category::spam,
          .severity = severity,
          .start = 0,
          .end = text_size,
          .why = std::move(why)};
  auto at = std::lower_bound(
      verdict.matches.begin(), verdict.matches.end(), m, [](const Match& a, const Match& b) {
        return std::tie(a.start, a.end, a.rule) < std::tie(b.start, b.end, b.rule);
      });
  verdict.matches.insert(at, std::move(m));
  verdict.categories.insert(Category::spam);
}

}  // namespace

std::string_view describe_model_rule(std::string_view rule) {
  if (rule == kModelRule) return "The learned spam model is confident this is spam";
  if (rule == kModelReviewRule)
    return "The learned spam model thinks this may be spam; not hidden, for a person to decide";
  return {};
}

bool add_second_opinion(Verdict& verdict, const Opinion& opinion, std::size_t text_size) {
  if (opinion.band != Band::flag) return false;
  if (verdict.categories.contains(Category::spam) ||
      verdict.categories.contains(Category::commercial))
    return false;
  add_model_match(verdict, kModelRule, 1, explain(opinion), text_size);
  return true;
}

bool add_review_opinion(Verdict& verdict, const Opinion& opinion, std::size_t text_size) {
  if (opinion.band != Band::review || !verdict.clean()) return false;
  add_model_match(verdict, kModelReviewRule, 1,
                  explain(opinion) + ", unsure: for a person to look at", text_size);
  return true;
}

}  // namespace hm::filters::learned
