#include "store/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hm::store {

bool write_file_atomically(const std::filesystem::path& out, std::string_view bytes, mode_t mode,
                           bool replace, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!replace && fs::exists(out, ec)) {
    error = out.string() + " already exists; nothing was written (use --force to replace it)";
    return false;
  }
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const fs::path tmp = dir / ("." + out.filename().string() + ".tmp" + std::to_string(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    error = "cannot create a file in " + dir.string() + ": " + std::strerror(errno);
    return false;
  }
  bool ok = ::fchmod(fd, mode) == 0;
  for (std::string_view rest = bytes; ok && !rest.empty();) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) rest.remove_prefix(std::size_t(n));
  }
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (ok) {
    // RENAME_NOREPLACE: a file that appeared since the check above is never replaced.
    ok = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out.c_str(),
                     replace ? 0 : RENAME_NOREPLACE) == 0;
    if (!ok)
      error = errno == EEXIST ? out.string() + " already exists; nothing was written"
                              : "cannot write " + out.string() + ": " + std::strerror(errno);
  } else {
    error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return false;
  }
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

}  // namespace hm::store
