// Secret keys kept in their own files beside the database (audit-checkpoint.key,
// second-factor.key): random bytes, mode 0600, made on first use. They live outside the database
// so that a copy of the database alone (a backup, an evidence bundle) does not carry them.
//
// Error policy: a key file that cannot be read or made, or holds the wrong number of bytes,
// throws StoreError naming the file; nothing is overwritten.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace hm::store {

// The `bytes`-long key in `file`, made (random, 0600, fsynced) when the file does not exist.
// `what` names the key in the error ("a checkpoint key"). Two processes starting at once agree:
// the file is created with O_EXCL and the loser reads the winner's key.
std::string load_or_create_key(const std::filesystem::path& file, std::size_t bytes,
                               std::string_view what);

}  // namespace hm::store
