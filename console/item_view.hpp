// The console's items (issue 12; docs/api.md "Items"): one flagged comment as JSON, the lists
// by view in the contract's order, and the summary counts. Reads through store::Store's item
// records and the comment's own rows; writes nothing.
//
// Error policy: SQLite failures throw StoreError (the request answers 500); a view name the
// caller got wrong is the handler's 400, never reaching here.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "moderation/item_decision.hpp"
#include "store/store.hpp"

namespace hm::console {

using Json = nlohmann::ordered_json;

// What an item's JSON needs besides the store: the caller's roles in a school, rule
// descriptions, the school's words, and the clock.
struct ItemContext {
  std::function<moderation::ItemRoles(const std::string& school)> roles;
  std::function<std::string(std::string_view rule_id)> describe_rule;  // may be empty
  std::function<std::string(std::string_view school)> signposting;     // may be empty
  std::function<std::string(std::string_view channel)> strike_rule;    // may be empty
  moderation::Time now{};
  std::chrono::seconds undo_window{30};
};

enum class ItemView { needs, handled, closed, safeguarding };
std::optional<ItemView> parse_item_view(std::string_view name);

Json item_json(store::Store& store, const store::ItemRecord& item, const ItemContext& context);

struct ItemListRequest {
  ItemView view = ItemView::needs;
  store::ItemSelection selection;  // schools, school, channel (scope set from the view)
  int limit = 100;
  std::optional<std::int64_t> before;  // the last id of the previous page
};

// {"items": [...], "next_before": ID|null}
Json list_items(store::Store& store, const ItemListRequest& request, const ItemContext& context);

// {"needs","urgent","safeguarding","handled","failed","changed"} over the given schools.
Json item_summary(store::Store& store, const std::optional<std::set<std::string>>& schools);

}  // namespace hm::console
