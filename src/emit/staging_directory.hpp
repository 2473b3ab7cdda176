#pragma once
// Where `write` prepares a migration before any of it is visible: the
// directory .schemadiff-write-{pid}, made in the directory that will receive
// the files (or in the nearest existing one above it), so that it is on the
// same filesystem and its contents can be renamed into place.
//
// The directory it is made in is locked (flock) while it exists, so that
// one write at a time prepares there, and a staging directory found there
// by the lock's holder is the leftover of a process that was killed: it is
// removed. It is removed when done, on an error, and on a signal.

#include "schemadiff/pg/signal_cleanup.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace schemadiff::emit {

class StagingDirectory {
public:
  // Throws Error when `parent` cannot hold it, or another write holds it.
  explicit StagingDirectory(const std::filesystem::path &parent);
  ~StagingDirectory();
  StagingDirectory(const StagingDirectory &) = delete;
  StagingDirectory &operator=(const StagingDirectory &) = delete;

  const std::filesystem::path &path() const { return path_; }

  // Writes `relative` below it, making its folders, flushed to disk, while
  // signals wait. `shown_as` is the file it will become, for errors.
  void write(const std::filesystem::path &relative, const std::string &text, const std::filesystem::path &shown_as);

  // Keeps `original` (a file about to be replaced) as `relative` below it,
  // hard linked or else copied, while signals wait; returns where.
  std::filesystem::path keep(const std::filesystem::path &original, const std::filesystem::path &relative);

  // Flushes the entries of every directory below it (and its own).
  void sync_tree();

  // Runs `work` while signals wait, e.g. moving the files into place.
  void while_signals_wait(const std::function<void()> &work) { cleanup_.while_signals_wait(work); }

private:
  pg::SignalCleanup cleanup_;
  int parent_lock_ = -1;
  std::filesystem::path path_;
};

} // namespace schemadiff::emit
