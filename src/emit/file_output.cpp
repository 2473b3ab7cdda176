#include "schemadiff/emit/file_output.hpp"

#include "durable_files.hpp"
#include "staging_directory.hpp"

#include "schemadiff/error.hpp"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

namespace fs = std::filesystem;

Error name_taken(const fs::path &target) {
  return Error("a migration file of that name exists already; nothing was written", target.string(),
               "pass another --name, or remove the file");
}

void refuse_taken_names(const fs::path &directory, const std::vector<MigrationFile> &files,
                        const std::set<fs::path> &replaceable) {
  for (const MigrationFile &file : files) {
    const fs::path target = directory / file.path;
    if (fs::exists(target) && !replaceable.contains(file.path)) throw name_taken(target);
  }
}

// "generated/" names the same directory as "generated", whose parent is ".".
fs::path without_trailing_separator(fs::path directory) {
  if (!directory.has_filename() && directory.has_relative_path()) directory = directory.parent_path();
  return directory;
}

fs::path parent_of(const fs::path &path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

struct Destination {
  fs::path existing;        // `directory` itself, or the nearest directory above it that exists
  fs::path topmost_missing; // the directory to create below `existing`; empty when `directory` exists
};

Destination find_destination(const fs::path &directory) {
  Destination destination;
  fs::path path = directory;
  std::error_code error;
  while (!fs::exists(path, error)) {
    destination.topmost_missing = path;
    const fs::path parent = parent_of(path);
    if (parent == path)
      throw Error("the migration directory cannot be created: nothing above it exists", path.string());
    path = parent;
  }
  if (!fs::is_directory(path, error)) {
    throw Error("the migration directory cannot be created: this is a file, not a directory", path.string());
  }
  destination.existing = path;
  return destination;
}

// A directory that does not exist yet is made whole in the staging
// directory and appears with one rename: all of it or none, even across a
// crash.
void create_with_files(const fs::path &directory, const Destination &destination,
                       const std::vector<MigrationFile> &files) {
  StagingDirectory staging(destination.existing);
  const fs::path below = directory.lexically_relative(destination.topmost_missing);
  for (const MigrationFile &file : files) staging.write(below / file.path, file.text, directory / file.path);
  staging.sync_tree();
  staging.while_signals_wait([&] {
    if (const std::error_code error = rename_unless_taken(staging.path(), destination.topmost_missing)) {
      if (error == std::errc::file_exists) {
        throw Error("the directory appeared while the migration was written; nothing was written",
                    destination.topmost_missing.string(), "run write again");
      }
      throw Error(fmt::format("cannot create the directory: {}; nothing was written", error.message()),
                  destination.topmost_missing.string());
    }
    try {
      sync_directory(destination.existing);
    } catch (...) {
      ::rename(destination.topmost_missing.c_str(), staging.path().c_str());
      throw;
    }
  });
}

// The files moved into an existing directory so far, and how to take each
// back: a new file is removed, a replaced one is put back.
class Placement {
public:
  explicit Placement(fs::path directory) : directory_(std::move(directory)) {}

  // Creates the folders below the directory that `target` needs (sqitch's
  // deploy/, revert/, verify/).
  void make_folders_for(const fs::path &target) {
    std::vector<fs::path> missing;
    for (fs::path folder = target.parent_path(); folder != directory_ && folder != folder.parent_path();
         folder = folder.parent_path()) {
      std::error_code error;
      const fs::file_status status = fs::status(folder, error);
      if (fs::is_directory(status)) break;
      if (fs::exists(status)) {
        throw Error("a file stands where the migration needs a directory; nothing was written", folder.string(),
                    "move the file away, then run write again");
      }
      missing.push_back(folder);
    }
    for (auto folder = missing.rbegin(); folder != missing.rend(); ++folder) {
      if (::mkdir(folder->c_str(), 0777) != 0) {
        throw Error(fmt::format("cannot create the directory: {}; nothing was written", std::strerror(errno)),
                    folder->string());
      }
      made_folders_.push_back(*folder);
      changed_.insert(folder->parent_path());
    }
  }

  void add(const fs::path &staged, const fs::path &target) {
    // The names were checked before writing, but another program may have
    // taken one since (or a dangling symlink, which that check follows).
    if (const std::error_code error = rename_unless_taken(staged, target)) {
      if (error == std::errc::file_exists) throw name_taken(target);
      throw Error(fmt::format("cannot move into place: {}; nothing was written", error.message()), target.string());
    }
    placed_.push_back({target, {}});
    changed_.insert(target.parent_path());
  }

  void replace(const fs::path &staged, const fs::path &target, const fs::path &kept_original) {
    if (::rename(staged.c_str(), target.c_str()) != 0) {
      throw Error(fmt::format("cannot move into place: {}; nothing was written", std::strerror(errno)),
                  target.string());
    }
    placed_.push_back({target, kept_original});
    changed_.insert(target.parent_path());
  }

  void sync() const {
    for (const fs::path &folder : changed_) sync_directory(folder);
  }

  // Best effort: the error that made it necessary is the one to report.
  void take_back() noexcept {
    for (auto placed = placed_.rbegin(); placed != placed_.rend(); ++placed) {
      if (placed->kept_original.empty()) {
        ::unlink(placed->target.c_str());
      } else {
        ::rename(placed->kept_original.c_str(), placed->target.c_str());
      }
    }
    for (auto folder = made_folders_.rbegin(); folder != made_folders_.rend(); ++folder) ::rmdir(folder->c_str());
    for (const fs::path &folder : changed_) {
      try {
        sync_directory(folder);
      } catch (...) {
      }
    }
  }

private:
  struct Placed {
    fs::path target;
    fs::path kept_original; // empty: the file is new
  };
  fs::path directory_;
  std::vector<Placed> placed_;
  std::vector<fs::path> made_folders_;
  std::set<fs::path> changed_; // directories whose entries changed
};

// Files for an existing directory are renamed into it one by one, in the
// order given, while signals wait; if one cannot be, those before it are
// taken back.
void add_to_directory(const fs::path &directory, const std::vector<MigrationFile> &files,
                      const std::set<fs::path> &replaceable) {
  StagingDirectory staging(directory);
  std::vector<fs::path> staged;
  std::vector<fs::path> kept_originals;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path target = directory / files[i].path;
    // Staged by position, not by name: a runner that looks into folders
    // (Flyway scans its locations recursively) never takes one for a
    // migration.
    staged.push_back(staging.path() / std::to_string(i));
    staging.write(std::to_string(i), files[i].text, target);
    const bool replaces = replaceable.contains(files[i].path) && fs::exists(target);
    kept_originals.push_back(replaces ? staging.keep(target, std::to_string(i) + ".original") : fs::path());
  }
  staging.while_signals_wait([&] {
    Placement placement(directory);
    try {
      for (std::size_t i = 0; i < files.size(); ++i) {
        const fs::path target = directory / files[i].path;
        placement.make_folders_for(target);
        if (kept_originals[i].empty()) {
          placement.add(staged[i], target);
        } else {
          placement.replace(staged[i], target, kept_originals[i]);
        }
      }
      placement.sync();
    } catch (...) {
      placement.take_back();
      throw;
    }
  });
}

} // namespace

void write_files_atomically(const fs::path &directory_as_given, const std::vector<MigrationFile> &files,
                            const std::set<fs::path> &replaceable) {
  if (files.empty()) return;
  const fs::path directory = without_trailing_separator(directory_as_given);
  refuse_taken_names(directory, files, replaceable);
  const Destination destination = find_destination(directory);
  if (destination.topmost_missing.empty()) {
    add_to_directory(directory, files, replaceable);
  } else {
    create_with_files(directory, destination, files);
  }
}

} // namespace schemadiff::emit
