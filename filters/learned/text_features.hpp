// The features the learned spam model reads from a comment: its words, its word pairs and the
// letter groups inside its words, each hashed into one of 2^kFeatureBits slots.
//
// Why hashed: the model never needs the text itself, so a training example can be kept as its
// slots after retention has purged the comment (issue 16), and the model's size is fixed.
// Why letter groups: spam waves vary spelling ("subscibe", "chanel", "c h e c k") and a word a
// model never saw still shares most of its groups with one it did.
//
// Error policy: pure; any bytes in (invalid UTF-8 included), features out, nothing fails.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hm::filters::learned {

inline constexpr unsigned kFeatureBits = 20;
inline constexpr std::uint32_t kFeatureSlots = 1u << kFeatureBits;

// The slot of one named feature ("w:subscribe", "b:check out", "g:<sub").
std::uint32_t feature_slot(std::string_view name) noexcept;

// Every feature of `text` by name, in text order, duplicates included. `visit` is called with a
// view that is valid only during the call. Links to `own_domains` (the school's own sites and the
// rules' safe sites, [detectors.url] safe) and to .sch.uk, .gov.uk and .nhs.uk read as
// "<trusted-url>", other links as "<url>".
void for_each_feature(std::string_view text, const std::function<void(std::string_view)>& visit,
                      const std::vector<std::string>& own_domains = {});

// The distinct slots of `text`, sorted: what the model scores and what a kept example stores.
std::vector<std::uint32_t> feature_slots(std::string_view text,
                                         const std::vector<std::string>& own_domains = {});

}  // namespace hm::filters::learned
