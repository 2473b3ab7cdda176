#include "child_process.hpp"

#include "schemadiff/error.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>

#include <fmt/format.h>

namespace schemadiff::pg {

namespace {

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Runs in the forked child: only async-signal-safe calls until execv.
[[noreturn]] void become_child(char *const argv[], const std::optional<Account> &account, int log_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  dup2(log_fd, STDOUT_FILENO);
  dup2(log_fd, STDERR_FILENO);
  if (account) {
    if (setgroups(0, nullptr) != 0 || setgid(account->gid) != 0 || setuid(account->uid) != 0) _exit(126);
  }
  // Set after setuid: a change of credentials clears the parent-death signal.
  prctl(PR_SET_PDEATHSIG, SIGQUIT);
  execv(argv[0], argv);
  _exit(127);
}

} // namespace

pid_t spawn_child(const std::vector<std::string> &argv, const std::optional<Account> &account,
                  const std::filesystem::path &log_file) {
  const int log_fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) throw Error(fmt::format("cannot open {}: {}", log_file.string(), std::strerror(errno)));
  if (account && fchown(log_fd, account->uid, account->gid) != 0) {
    close(log_fd);
    throw Error(fmt::format("cannot hand {} to user {}: {}", log_file.string(), account->name, std::strerror(errno)));
  }
  // Everything the child needs is built before fork: after it, no allocation.
  std::vector<char *> args;
  args.reserve(argv.size() + 1);
  for (const std::string &arg : argv) args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) become_child(args.data(), account, log_fd);
  const int fork_errno = errno;
  close(log_fd);
  if (pid < 0) throw Error(fmt::format("cannot start {}: {}", argv.front(), std::strerror(fork_errno)));
  return pid;
}

int wait_for_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return decode_status(status);
}

std::optional<int> child_exit_status(pid_t pid) {
  int status = 0;
  const pid_t result = waitpid(pid, &status, WNOHANG);
  if (result == 0) return std::nullopt;
  if (result < 0) return -1;
  return decode_status(status);
}

void end_child(pid_t pid, int signal, std::chrono::milliseconds patience) {
  if (kill(pid, signal) != 0 && errno == ESRCH) {
    wait_for_child(pid);
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (child_exit_status(pid)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  wait_for_child(pid);
}

std::string log_tail(const std::filesystem::path &log_file, int lines) {
  std::ifstream in(log_file);
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  std::string text;
  for (const std::string &line : last) text += line + "\n";
  return text;
}

} // namespace schemadiff::pg
