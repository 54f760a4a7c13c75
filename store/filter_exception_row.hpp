// One filter exception as the store keeps it (store_exceptions.cpp; the table is migration
// "filter exceptions"). What an exception matches and clears: filters/filter_exception.hpp.
//
// Error policy: a plain struct; nothing fails.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "moderation/types.hpp"

namespace hm::store {

struct FilterExceptionRow {
  std::int64_t id = 0;
  std::string school;
  std::string text;  // normalised (filters::exception_text)
  std::optional<std::int64_t> comment_id;
  std::string created_by;  // "user:NAME"
  moderation::Time created_at;
};

}  // namespace hm::store
