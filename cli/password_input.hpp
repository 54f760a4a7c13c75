// Where hallmonitorctl gets a new password: never from the command line (argv is visible to
// every user in `ps` and lands in shell history), but from a file or from stdin.
//
// Error policy: a file that cannot be read, nothing on stdin, or two typed passwords that
// differ are printed to stderr and come back as std::nullopt (the command exits 2). Nothing
// throws.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hm::cli {

// The first line of `file`; or, when `file` is empty, a line from stdin: typed twice without
// echo when stdin is a terminal, read as is when it is a pipe.
std::optional<std::string> read_new_password(const std::filesystem::path& file,
                                             std::string_view user);

// Any other secret (an app secret, a token): the first line of `file`; or, when `file` is
// empty, one line from stdin, asked with `question` and not echoed when stdin is a terminal.
std::optional<std::string> read_secret_line(const std::filesystem::path& file,
                                            const std::string& question);

// Overwrites the password in memory before the string is freed.
void wipe(std::string& secret) noexcept;

}  // namespace hm::cli
