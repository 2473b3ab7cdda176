#pragma once
// Ctrl-C or a SIGTERM must not leave a server running, a temporary
// directory or a throwaway database behind. Whoever makes one registers it
// here; on SIGINT, SIGTERM or SIGHUP a watcher thread drops the registered
// databases (each over a fresh connection), stops the registered children,
// removes the registered directories, and then lets the signal end the
// process as it would have.
//
// The signals are blocked in every thread that registers (and in the
// threads it starts later) and taken by the watcher with sigwait, so the
// clean-up runs as ordinary code, not inside a signal handler. Work that a
// signal must not cut in half (making what is registered, moving files into
// place) runs while signals wait: the watcher acts before it or after it.

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>

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

  // Creates the database `name` with `make`, while signals wait, and drops
  // it on a signal. `server` is a connection string to another database of
  // its server.
  void make_database(const std::string &server, const std::string &name, const std::function<void()> &make);

  // The child process to stop on a signal (0: none).
  void watch_process(pid_t pid);

  // Runs `work` while signals wait: a signal arriving meanwhile is acted on
  // when `work` returns or throws.
  void while_signals_wait(const std::function<void()> &work);

private:
  int id_;
};

} // namespace schemadiff::pg
