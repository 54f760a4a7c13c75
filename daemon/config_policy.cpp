#include "daemon/config_policy.hpp"

#include <charconv>

namespace hm::config {
namespace {

constexpr int kMaxDays = 3650;
constexpr std::string_view kDefaultReply =
    "Thank you for telling us. Please contact the school office so we can follow our "
    "complaints procedure.";

std::string category_names() {
  std::string out;
  for (moderation::Category c : filters::kAllCategories) {
    if (!out.empty()) out += ", ";
    out += filters::to_string(c);
  }
  return out;
}

void read_category(Reader& r, const toml::table& t, std::string_view name,
                   moderation::CategoryPolicy& c) {
  const std::string where = "[school.policy." + std::string(name) + "]";
  r.known_keys(t, {"hide", "delete", "strike"}, where);
  if (auto v = r.boolean(t, "hide")) c.hide = *v;
  if (auto v = r.boolean(t, "strike")) c.strike = *v;
  if (auto text = r.string(t, "delete", false, where)) {
    if (auto rule = parse_delete_rule(*text))
      c.deletion = *rule;
    else
      r.problem(t.get("delete"),
                "'delete' must be \"never\", \"propose\" or \"after N days\" "
                "(N from 1 to " +
                    std::to_string(kMaxDays) + "), not \"" + *text + "\"");
  }
}

std::optional<int> whole_number(Reader& r, const toml::table& t, std::string_view key, int low,
                                int high) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  auto v = n->value<int64_t>();
  if (!v || *v < low || *v > high) {
    r.problem(n, "'" + std::string(key) + "' must be a whole number from " + std::to_string(low) +
                     " to " + std::to_string(high));
    return std::nullopt;
  }
  return int(*v);
}

}  // namespace

std::optional<moderation::DeleteRule> parse_delete_rule(std::string_view text) {
  using W = moderation::DeleteRule::When;
  if (text == "never") return moderation::DeleteRule{W::never, {}};
  if (text == "propose") return moderation::DeleteRule{W::propose, {}};
  constexpr std::string_view kAfter = "after ";
  if (!text.starts_with(kAfter)) return std::nullopt;
  text.remove_prefix(kAfter.size());
  int days = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc{} || days < 1 || days > kMaxDays) return std::nullopt;
  const std::string_view unit(end, text.data() + text.size() - end);
  if (unit != " days" && unit != " day") return std::nullopt;
  return moderation::DeleteRule{W::after, std::chrono::days(days)};
}

moderation::SchoolPolicy read_policy(Reader& r, const toml::table& school) {
  moderation::SchoolPolicy policy = moderation::default_policy(std::string(kDefaultReply));
  auto legacy_reply = r.string(school, "complaints_reply", false, "");
  if (legacy_reply) policy.complaints_reply = *legacy_reply;
  if (legacy_reply && legacy_reply->empty())
    r.problem(school.get("complaints_reply"), "the complaints reply must not be empty");
  const toml::table* t = r.table(school, "policy");
  if (!t) return policy;

  if (auto reply = r.string(*t, "reply", false, "")) {
    if (legacy_reply)
      r.problem(t->get("reply"),
                "the reply is set twice: keep [school.policy] reply and remove complaints_reply");
    if (reply->empty()) r.problem(t->get("reply"), "the complaints reply must not be empty");
    policy.complaints_reply = *reply;
  }
  if (auto days = whole_number(r, *t, "strike_days", 1, kMaxDays))
    policy.strikes.window = std::chrono::days(*days);
  if (auto n = whole_number(r, *t, "block_after", 0, 1000)) policy.strikes.threshold = *n;

  for (auto&& [key, node] : *t) {
    const std::string_view name = key.str();
    if (name == "reply" || name == "strike_days" || name == "block_after") continue;
    auto category = filters::parse_category(name);
    if (!category) {
      r.problem(&node, "unknown key '" + std::string(name) +
                           "' in [school.policy] (expected reply, strike_days, block_after or a "
                           "category: " +
                           category_names() + ")");
      continue;
    }
    if (const toml::table* ct = node.as_table())
      read_category(r, *ct, name, policy.categories[*category]);
    else
      r.problem(&node, "'" + std::string(name) + "' must be a table: [school.policy." +
                           std::string(name) + "]");
  }
  return policy;
}

}  // namespace hm::config
