// Writing a whole file so that a reader sees the old file or the new one, never half of either:
// a temporary file beside it, fsync, rename, fsync of the folder.
//
// Error policy: returns false and says why in `error` (the caller prints it); nothing is left
// behind on failure, and an existing file is never replaced unless `replace` is set.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace hm::store {

bool write_file_atomically(const std::filesystem::path& out, std::string_view bytes, mode_t mode,
                           bool replace, std::string& error);

}  // namespace hm::store
