#pragma once
// Starting and reaping the server's programs (initdb, postgres) as children of
// schemadiff, optionally under another account, with their output in a log.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::pg {

// The account a child runs under when schemadiff itself runs as root.
struct Account {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
};

// Forks and executes argv[0] with argv, stdin from /dev/null and stdout and
// stderr appended to log_file. The child has no blocked signals, runs as
// `account` when given, and gets SIGQUIT (immediate shutdown for postgres)
// if schemadiff dies without stopping it.
pid_t spawn_child(const std::vector<std::string> &argv, const std::optional<Account> &account,
                  const std::filesystem::path &log_file);

// Waits for the child to end; returns its exit status, or 128 + signal.
int wait_for_child(pid_t pid);

// The child's exit status if it has ended, without waiting.
std::optional<int> child_exit_status(pid_t pid);

// Waits up to `patience` for the child to end, then kills it.
void end_child(pid_t pid, int signal, std::chrono::milliseconds patience);

// The last `lines` lines of a log file, for error messages.
std::string log_tail(const std::filesystem::path &log_file, int lines = 15);

} // namespace schemadiff::pg
