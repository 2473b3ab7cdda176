#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include "schemadiff/pg/quote.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <vector>

using namespace std::chrono_literals;
using schemadiff::testing::ProgramResult;
using schemadiff::testing::ProgramRun;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::shared_cluster_conninfo;
using schemadiff::testing::TestDatabase;

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

namespace {

// The databases process `pid` made on the shared cluster: other tests'
// runs of schemadiff hold theirs there meanwhile, so only its own count.
std::vector<std::string> databases_of(pqxx::connection &server, pid_t pid) {
  pqxx::nontransaction read(server);
  std::vector<std::string> names;
  for (const std::string purpose : {"shadow", "replay"}) {
    const std::string prefix = "schemadiff_" + purpose + "_" + std::to_string(pid) + "_";
    for (const auto &row :
         read.exec("SELECT datname FROM pg_database WHERE starts_with(datname, " + read.quote(prefix) + ")")) {
      names.push_back(row[0].as<std::string>());
    }
  }
  return names;
}

struct DevUrlRun {
  std::string command; // what it does, for messages
  bool live_database;  // --db (else the embedded replay is the current state)
  bool against_migrations;
};

} // namespace

TEST_CASE("a signal during plan or drift with --dev-url drops the databases it made on that server") {
  const DevUrlRun run = GENERATE(DevUrlRun{"plan", false, false}, DevUrlRun{"plan --db", true, false},
                                 DevUrlRun{"drift --against migrations", true, true});
  const auto delay = GENERATE(0ms, 30ms);
  const ScratchDirectory project;
  std::string tables;
  for (int i = 0; i < 12; ++i) {
    tables += "CREATE TABLE public.t" + std::to_string(i) + " (id bigint PRIMARY KEY, note text);\n";
  }
  project.write("schema/tables.sql", tables);
  project.write("generated/20240101000000_tables.up.sql", tables);
  project.write("generated/20240101000000_tables.down.sql", "SELECT 1;\n");
  const TestDatabase live;
  std::vector<std::string> arguments = {run.against_migrations ? "drift" : "plan", "--dev-url",
                                        shared_cluster_conninfo()};
  if (run.live_database) arguments.insert(arguments.end(), {"--db", live.conninfo()});
  if (run.against_migrations) arguments.insert(arguments.end(), {"--against", "migrations"});

  const ScratchDirectory temporary;
  const ScratchDirectory outputs;
  pqxx::connection server(shared_cluster_conninfo());
  const pid_t pid = schemadiff::testing::start_schemadiff(
      ProgramRun{arguments, {{"TMPDIR", temporary.path().string()}, {"DATABASE_URL", ""}}, project.path()},
      outputs.path() / "run");
  // Once the shadow (or replay) database exists, the signal finds it.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  bool made = false;
  while (!made && std::chrono::steady_clock::now() < deadline) {
    made = !databases_of(server, pid).empty();
    if (!made) std::this_thread::sleep_for(2ms);
  }
  std::this_thread::sleep_for(delay);
  kill(pid, SIGINT);
  const ProgramResult result = schemadiff::testing::finish_program(pid, outputs.path() / "run");

  const std::vector<std::string> left = databases_of(server, pid);
  INFO(run.command << ", signal " << delay.count() << " ms after its database appeared; stderr: " << result.err);
  CHECK(made);
  // Killed by the signal, or finished just before it arrived.
  CHECK((result.status == 128 + SIGINT || result.status == 0 || result.status == 1));
  CHECK(left == std::vector<std::string>{});
  for (const std::string &name : left) {
    pqxx::nontransaction(server).exec0("DROP DATABASE IF EXISTS " + schemadiff::pg::quote_ident(name) +
                                       " WITH (FORCE)");
  }
}
