#include "schemadiff/emit/file_output.hpp"

#include "schemadiff/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

namespace fs = std::filesystem;

// The temporary files written so far; removed unless every file made it.
class PendingFiles {
public:
  ~PendingFiles() {
    std::error_code ignored;
    for (const fs::path &path : temporaries_) fs::remove(path, ignored);
    for (auto made = made_directories_.rbegin(); made != made_directories_.rend(); ++made) fs::remove(*made, ignored);
  }

  void make_directories(const fs::path &directory) {
    if (directory.empty() || fs::exists(directory)) return;
    make_directories(directory.parent_path());
    std::error_code error;
    if (!fs::create_directory(directory, error) && error) {
      throw Error(fmt::format("cannot create directory: {}", error.message()), directory.string());
    }
    made_directories_.push_back(directory);
  }

  void write(const fs::path &target, const std::string &text) {
    const fs::path temporary = target.string() + fmt::format(".schemadiff-{}.tmp", getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(fmt::format("cannot write: {}", std::strerror(errno)), target.string());
    temporaries_.push_back(temporary);
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int saved = errno;
        ::close(fd);
        throw Error(fmt::format("cannot write: {}", std::strerror(saved)), target.string());
      }
      written += static_cast<std::size_t>(n);
    }
    // On disk before the rename makes it visible: a crash leaves the old
    // directory or the new one, never an empty file.
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed) throw Error(fmt::format("cannot write: {}", std::strerror(errno)), target.string());
    targets_.push_back(target);
  }

  void commit() {
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      std::error_code error;
      fs::rename(temporaries_[i], targets_[i], error);
      if (error) throw Error(fmt::format("cannot rename into place: {}", error.message()), targets_[i].string());
    }
    temporaries_.clear();
    made_directories_.clear();
  }

private:
  std::vector<fs::path> temporaries_;
  std::vector<fs::path> targets_;
  std::vector<fs::path> made_directories_;
};

} // namespace

void write_files_atomically(const fs::path &directory, const std::vector<MigrationFile> &files,
                            const std::set<fs::path> &replaceable) {
  for (const MigrationFile &file : files) {
    const fs::path target = directory / file.path;
    if (fs::exists(target) && !replaceable.contains(file.path)) {
      throw Error("a migration file of that name exists already; nothing was written", target.string(),
                  "pass another --name, or remove the file");
    }
  }
  PendingFiles pending;
  for (const MigrationFile &file : files) {
    const fs::path target = directory / file.path;
    pending.make_directories(target.parent_path());
    pending.write(target, file.text);
  }
  pending.commit();
}

} // namespace schemadiff::emit
