#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace std::chrono_literals;
using schemadiff::testing::ProgramResult;
using schemadiff::testing::ProgramRun;
using schemadiff::testing::ScratchDirectory;

namespace {

namespace fs = std::filesystem;

bool has_cluster_directory(const fs::path &root) {
  for (const auto &entry : fs::directory_iterator(root)) {
    if (entry.path().filename().string().starts_with("schemadiff-")) return true;
  }
  return false;
}

// The command lines (with their pids) of the processes that mention `text`
// (the server's data directory).
std::vector<std::string> processes_mentioning(const std::string &text) {
  std::vector<std::string> found;
  for (const auto &entry : fs::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "cmdline");
    std::stringstream cmdline;
    cmdline << in.rdbuf();
    std::string line = cmdline.str();
    if (line.find(text) == std::string::npos) continue;
    std::replace(line.begin(), line.end(), '\0', ' ');
    found.push_back(entry.path().filename().string() + ": " + line);
  }
  return found;
}

// Starts `schemadiff plan` with its temporary directories in `root`, waits
// until its cluster directory exists (start-up has begun), waits `delay`
// more, and sends `signal`.
ProgramResult interrupt_plan(const ScratchDirectory &root, int signal, std::chrono::milliseconds delay) {
  const ScratchDirectory outputs;
  const ProgramRun run{{"plan"}, {{"TMPDIR", root.path().string()}, {"DATABASE_URL", ""}}, root.path()};
  const pid_t pid = schemadiff::testing::start_schemadiff(run, outputs.path() / "run");
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!has_cluster_directory(root.path()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  std::this_thread::sleep_for(delay);
  kill(pid, signal);
  return schemadiff::testing::finish_program(pid, outputs.path() / "run");
}

} // namespace

TEST_CASE("a signal during the embedded server's start-up leaves no server and no directory behind") {
  const int signal = GENERATE(SIGINT, SIGTERM);
  const auto delay = GENERATE(0ms, 20ms, 60ms, 150ms);
  const ScratchDirectory root;
  const ProgramResult result = interrupt_plan(root, signal, delay);
  INFO("signal " << signal << " after " << delay.count() << " ms; stderr: " << result.err);
  // Killed by the signal, or finished just before it arrived.
  CHECK((result.status == 128 + signal || result.status == 2));
  CHECK_FALSE(has_cluster_directory(root.path()));
  // The server's own children, and initdb's when the signal came during
  // initdb, end a moment after their parent: on a loaded machine that takes
  // a while, and a process between fork and exec briefly shows no command
  // line. Wait until none has been seen for a quarter of a second.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  int quiet_polls = 0;
  while (quiet_polls < 5 && std::chrono::steady_clock::now() < deadline) {
    quiet_polls = processes_mentioning(root.path().string()).empty() ? quiet_polls + 1 : 0;
    std::this_thread::sleep_for(50ms);
  }
  CHECK(processes_mentioning(root.path().string()) == std::vector<std::string>{});
}
