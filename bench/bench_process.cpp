#include "bench_process.hpp"

#include "schemadiff/error.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <fmt/format.h>

namespace schemadiff::bench {

CommandCost run_measured(const std::vector<std::string> &argv) {
  std::vector<char *> args;
  for (const std::string &arg : argv) args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  const auto finished = std::chrono::steady_clock::now();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("benchmark command failed: " + argv[0]);
  return CommandCost{std::chrono::duration<double, std::milli>(finished - started).count(),
                     static_cast<double>(usage.ru_maxrss) / 1024.0};
}

CommandOutcome run_capturing_errors(const std::vector<std::string> &argv) {
  std::vector<char *> args;
  for (const std::string &arg : argv) args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  CommandOutcome outcome;
  char buffer[4096];
  for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) outcome.errors.append(buffer, got);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  outcome.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

CommandCost median_of(int runs, const std::vector<std::string> &argv) {
  std::vector<double> times;
  double peak = 0;
  for (int run = 0; run < runs; ++run) {
    const CommandCost cost = run_measured(argv);
    times.push_back(cost.wall_ms);
    peak = std::max(peak, cost.peak_rss_mb);
  }
  std::sort(times.begin(), times.end());
  return CommandCost{times[times.size() / 2], peak};
}

int run_reporting_errors(int (*benchmark)(int, char **), int argc, char **argv) {
  try {
    return benchmark(argc, argv);
  } catch (const Error &error) {
    fmt::print(stderr, "{}\n", error.describe());
  } catch (const std::exception &error) {
    fmt::print(stderr, "{}\n", error.what());
  }
  return 1;
}

} // namespace schemadiff::bench
