// The password rule for console accounts (issue 14): long enough, and not guessable in the few
// thousand tries an online attacker gets. Length alone let "aaaaaaaaaaaa" pass. Checked here:
//   - at least min_length characters (code points, so any script counts the same), at most
//     1024 bytes;
//   - at least 5 different characters;
//   - at least min_length / 2 characters that are not a repeat or a step of the one before
//     ("aaaa", "1234", "abcd" count as one each), so padding a short word does not pass;
//   - not the user's own name in it (any case);
//   - not one of the most common passwords (a short built-in list of the top of the breach
//     lists: password, qwerty, letmein...), repeated or with digits and symbols around it.
// zxcvbn-c (Debian: libzxcvbn-dev) would estimate better; it is not a dependency yet.
//
// Error policy: pure; returns the sentence to show the person, or nullopt when acceptable.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hm::store {

std::optional<std::string> password_problem(std::string_view password, std::string_view user_name,
                                            std::size_t min_length);

}  // namespace hm::store
