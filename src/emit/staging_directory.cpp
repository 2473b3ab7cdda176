#include "staging_directory.hpp"

#include "durable_files.hpp"

#include "schemadiff/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view staging_prefix = ".schemadiff-write-";

// The lock on `parent`, or -1 where the filesystem has no flock (some
// network filesystems): there, leftovers are not recognised, only ignored
// (the migration readers skip directories).
int lock_parent(const fs::path &parent) {
  const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(fmt::format("cannot open the directory: {}", std::strerror(errno)), parent.string());
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
  const int saved = errno;
  ::close(fd);
  if (saved == EWOULDBLOCK) {
    throw Error("another schemadiff write is writing into this directory; nothing was written", parent.string(),
                "let it finish, then run write again");
  }
  return -1;
}

// Every live write holds the lock of the directory its staging directory
// is in: with the lock held, any other one is a killed process's.
void remove_leftovers(const fs::path &parent) {
  std::error_code error;
  std::vector<fs::path> leftovers;
  for (auto entry = fs::directory_iterator(parent, error); !error && entry != fs::directory_iterator();
       entry.increment(error)) {
    if (entry->path().filename().string().starts_with(staging_prefix)) leftovers.push_back(entry->path());
  }
  for (const fs::path &leftover : leftovers) fs::remove_all(leftover, error);
}

fs::path make_staging(const fs::path &parent) {
  const fs::path path = parent / fmt::format("{}{}", staging_prefix, getpid());
  // The mode a new migration directory gets when the staging directory
  // itself is renamed into place.
  if (::mkdir(path.c_str(), 0777) != 0) {
    throw Error(fmt::format("cannot create a directory to write the migration in: {}", std::strerror(errno)),
                path.string());
  }
  return path;
}

} // namespace

StagingDirectory::StagingDirectory(const fs::path &parent) : parent_lock_(lock_parent(parent)) {
  try {
    if (parent_lock_ >= 0) remove_leftovers(parent);
    path_ = cleanup_.make_directory([&parent] { return make_staging(parent); });
  } catch (...) {
    if (parent_lock_ >= 0) ::close(parent_lock_);
    throw;
  }
}

StagingDirectory::~StagingDirectory() {
  cleanup_.while_signals_wait([this] {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  });
  if (parent_lock_ >= 0) ::close(parent_lock_);
}

void StagingDirectory::write(const fs::path &relative, const std::string &text, const fs::path &shown_as) {
  cleanup_.while_signals_wait([&] {
    const fs::path file = path_ / relative;
    std::error_code error;
    fs::create_directories(file.parent_path(), error);
    if (error) throw Error(fmt::format("cannot write: {}", error.message()), shown_as.string());
    write_durably(file, text, shown_as);
  });
}

fs::path StagingDirectory::keep(const fs::path &original, const fs::path &relative) {
  const fs::path kept = path_ / relative;
  cleanup_.while_signals_wait([&] {
    std::error_code error;
    fs::create_hard_link(original, kept, error);
    if (error) fs::copy_file(original, kept, error);
    if (error)
      throw Error(fmt::format("cannot keep a copy to put back on failure: {}", error.message()), original.string());
  });
  return kept;
}

void StagingDirectory::sync_tree() {
  cleanup_.while_signals_wait([this] {
    std::vector<fs::path> directories{path_};
    std::error_code error;
    for (auto entry = fs::recursive_directory_iterator(path_, error);
         !error && entry != fs::recursive_directory_iterator(); entry.increment(error)) {
      if (entry->is_directory(error)) directories.push_back(entry->path());
    }
    if (error) throw Error(fmt::format("cannot read the directory: {}", error.message()), path_.string());
    for (const fs::path &directory : directories) sync_directory(directory);
  });
}

} // namespace schemadiff::emit
