#pragma once
// Ctrl-C or a SIGTERM must not leave a server running or a temporary
// directory behind. Every embedded cluster registers its directory and its
// current child process here; on SIGINT, SIGTERM or SIGHUP a watcher thread
// stops those children, removes the directories, and then lets the signal
// end the process as it would have.
//
// The signals are blocked in the thread that first registers (and in the
// threads it starts later) and taken by the watcher with sigwait, so the
// clean-up runs as ordinary code, not inside a signal handler.

#include <sys/types.h>

#include <filesystem>
#include <functional>

namespace schemadiff::pg {

class SignalCleanup {
public:
  SignalCleanup();
  ~SignalCleanup();
  SignalCleanup(const SignalCleanup &) = delete;
  SignalCleanup &operator=(const SignalCleanup &) = delete;

  // Creates the directory to remove on a signal with `make`, while signals
  // wait: a signal arriving just after the directory exists still finds it
  // registered.
  std::filesystem::path make_directory(const std::function<std::filesystem::path()> &make);

  // The child process to stop on a signal (0: none).
  void watch_process(pid_t pid);

private:
  int id_;
};

} // namespace schemadiff::pg
