#include "moderation/strike_words.hpp"

namespace hm::moderation {
namespace {

std::string counted(long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string strike_rule_text(const StrikeRule& rule) {
  if (rule.threshold <= 0) return "Strikes never propose a block";
  return counted(rule.threshold, "strike", "strikes") + " in " +
         counted(long(rule.window.count()), "day", "days") +
         (rule.threshold == 1 ? " proposes a block" : " propose a block");
}

std::string strike_standing_text(const StrikeRule& rule, int strikes_in_window) {
  return strike_rule_text(rule) + "; this author has " + std::to_string(strikes_in_window);
}

}  // namespace hm::moderation
