#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

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

// Processes whose command line mentions `text` (the server's data directory).
int processes_mentioning(const std::string &text) {
  int count = 0;
  for (const auto &entry : fs::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "cmdline");
    std::stringstream cmdline;
    cmdline << in.rdbuf();
    if (cmdline.str().find(text) != std::string::npos) ++count;
  }
  return count;
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
  // The server's own children end after the postmaster: on a loaded
  // machine that takes a moment.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (processes_mentioning(root.path().string()) != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  CHECK(processes_mentioning(root.path().string()) == 0);
}
