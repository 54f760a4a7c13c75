// The SQL of the later schema migrations, kept apart from the list in migrations.cpp so that
// neither file grows past reading length. Each is applied once, in order, by migrate().
//
// Error policy: data only.
#pragma once

#include <string_view>

namespace hm::store::migration_sql {

extern const std::string_view kLookupKeys;      // 13
extern const std::string_view kValuesReadBack;  // 14
extern const std::string_view kAuthors;         // 15
extern const std::string_view kRetentionPlace;  // 16

}  // namespace hm::store::migration_sql
