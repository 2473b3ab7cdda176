#include "schemadiff/pg/signal_cleanup.hpp"

#include "child_process.hpp"

#include "schemadiff/pg/conninfo.hpp"
#include "schemadiff/pg/database_admin.hpp"

#include <pthread.h>
#include <signal.h>

#include <map>
#include <mutex>
#include <thread>

namespace schemadiff::pg {

namespace {

struct Registration {
  std::filesystem::path directory;
  pid_t pid = 0;
  std::string database;
  std::string database_server; // with a connect timeout
};

struct Registry {
  std::mutex mutex;
  std::map<int, Registration> entries;
  int next_id = 0;
  bool watcher_started = false;
};

Registry &registry() {
  static Registry *instance = new Registry; // never destroyed: the watcher may outlive static destruction
  return *instance;
}

sigset_t cleanup_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

[[noreturn]] void watch_signals() {
  const sigset_t set = cleanup_signals();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  Registry &reg = registry();
  // Held to the end: a cluster being stopped by its owner, and work done
  // while signals wait, wait here.
  reg.mutex.lock();
  // Databases first, while a server of ours that may hold one still runs.
  for (auto &[id, entry] : reg.entries) {
    if (entry.database.empty()) continue;
    try {
      drop_database(entry.database_server, entry.database);
    } catch (...) {
      // An unreachable server keeps its database; the rest is still cleaned.
    }
  }
  for (auto &[id, entry] : reg.entries) {
    // SIGQUIT is PostgreSQL's immediate shutdown; nothing of a throwaway
    // cluster is worth a checkpoint.
    if (entry.pid > 0) end_child(entry.pid, SIGQUIT, std::chrono::seconds(5));
    std::error_code ignored;
    if (!entry.directory.empty()) std::filesystem::remove_all(entry.directory, ignored);
  }
  // Now end the process the way the signal would have.
  signal(signal_number, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signal_number);
  pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
  raise(signal_number);
  _exit(128 + signal_number);
}

// Blocked in the registering thread, so that only the watcher takes them.
void start_watcher_once(Registry &reg) {
  const sigset_t set = cleanup_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  if (reg.watcher_started) return;
  std::thread(watch_signals).detach();
  reg.watcher_started = true;
}

} // namespace

SignalCleanup::SignalCleanup() {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  start_watcher_once(reg);
  id_ = reg.next_id++;
  reg.entries[id_] = Registration{};
}

std::filesystem::path SignalCleanup::make_directory(const std::function<std::filesystem::path()> &make) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.entries[id_].directory = make();
  return reg.entries[id_].directory;
}

SignalCleanup::~SignalCleanup() {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.entries.erase(id_);
}

void SignalCleanup::make_database(const std::string &server, const std::string &name,
                                  const std::function<void()> &make) {
  // A server that stopped answering must not keep a Ctrl-C from ending the
  // process for long.
  std::string patient_server = with_setting(server, "connect_timeout", "5");
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  make();
  reg.entries[id_].database = name;
  reg.entries[id_].database_server = std::move(patient_server);
}

void SignalCleanup::watch_process(pid_t pid) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  reg.entries[id_].pid = pid;
}

void SignalCleanup::while_signals_wait(const std::function<void()> &work) {
  Registry &reg = registry();
  std::lock_guard lock(reg.mutex);
  work();
}

} // namespace schemadiff::pg
