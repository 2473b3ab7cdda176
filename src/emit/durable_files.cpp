#include "durable_files.hpp"

#include "schemadiff/error.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace fs = std::filesystem;

void write_durably(const fs::path &file, const std::string &text, const fs::path &shown_as) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(fmt::format("cannot write: {}", std::strerror(errno)), shown_as.string());
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = errno;
      ::close(fd);
      throw Error(fmt::format("cannot write: {}", std::strerror(saved)), shown_as.string());
    }
    written += static_cast<std::size_t>(n);
  }
  // On disk before a rename makes it visible: after a crash the file is
  // missing or whole, never empty.
  const bool synced = ::fsync(fd) == 0;
  const int saved = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    throw Error(fmt::format("cannot write: {}", std::strerror(synced ? errno : saved)), shown_as.string());
  }
}

void sync_directory(const fs::path &directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("cannot open the directory: {}", std::strerror(errno)), directory.string());
  const bool synced = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  // Some filesystems cannot flush a directory (EINVAL): their renames are
  // as durable as they get.
  if (!synced && saved != EINVAL) {
    throw Error(fmt::format("cannot flush the directory: {}", std::strerror(saved)), directory.string());
  }
}

std::error_code rename_unless_taken(const fs::path &from, const fs::path &to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return {};
  if (errno != EINVAL && errno != ENOSYS) return {errno, std::generic_category()};
  // A filesystem without RENAME_NOREPLACE (Linux before 3.15, some network
  // filesystems): look first, then rename; only a program racing us in the
  // same instant gets past that.
  struct stat taken {};
  if (::lstat(to.c_str(), &taken) == 0) return std::make_error_code(std::errc::file_exists);
  if (::rename(from.c_str(), to.c_str()) == 0) return {};
  return {errno, std::generic_category()};
}

} // namespace schemadiff::emit
