// Starts and stops the one embedded cluster an integration test run shares.
//
//   cluster_keeper start STATE   starts a keeper process in the background
//                                that owns a cluster; returns once STATE
//                                holds "<keeper pid>\n<socket directory>\n"
//   cluster_keeper stop STATE    ends that keeper (which stops the cluster
//                                and removes its directory) and STATE
//
// The keeper stays in ctest's process group, so Ctrl-C on ctest reaches it
// and the cluster's own signal clean-up removes everything. It also ends by
// itself when STATE disappears or after a day, so a killed run leaks nothing
// for long.

#include "schemadiff/error.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void write_atomically(const fs::path &file, const std::string &text) {
  const fs::path temporary = file.string() + ".tmp";
  std::ofstream(temporary) << text;
  fs::rename(temporary, file);
}

[[noreturn]] void keep_cluster(const fs::path &state) {
  const int null_fd = open("/dev/null", O_RDWR);
  const fs::path error_file = state.string() + ".err";
  const int error_fd = open(error_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(null_fd, STDIN_FILENO);
  dup2(null_fd, STDOUT_FILENO);
  dup2(error_fd, STDERR_FILENO);
  try {
    schemadiff::pg::EmbeddedCluster cluster;
    write_atomically(state, std::to_string(getpid()) + "\n" + cluster.directory().string() + "\n");
    const auto deadline = std::chrono::steady_clock::now() + 24h;
    while (fs::exists(state) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1s);
  } catch (const schemadiff::Error &error) {
    std::cerr << error.describe() << "\n";
    _exit(1);
  }
  _exit(0);
}

int start(const fs::path &state) {
  fs::remove(state);
  const pid_t keeper = fork();
  if (keeper < 0) return 1;
  if (keeper == 0) keep_cluster(state);
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (!fs::exists(state)) {
    int status = 0;
    if (waitpid(keeper, &status, WNOHANG) == keeper || std::chrono::steady_clock::now() > deadline) {
      std::ifstream errors(state.string() + ".err");
      std::cerr << "cluster_keeper: the shared cluster did not start\n" << errors.rdbuf();
      return 1;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::cout << "cluster_keeper: shared cluster started\n";
  return 0;
}

// Alive and not yet a zombie: the keeper's parent has long exited, and
// whoever inherited it may reap it late.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, command, state;
  if (!(stat >> pid_field >> command >> state)) return false;
  return state != "Z" && state != "X";
}

int stop(const fs::path &state) {
  std::ifstream in(state);
  pid_t keeper = 0;
  std::string directory;
  if (!(in >> keeper >> directory)) {
    std::cerr << "cluster_keeper: no running cluster in " << state << "\n";
    return 1;
  }
  kill(keeper, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (running(keeper) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  fs::remove(state);
  fs::remove(state.string() + ".err");
  if (fs::exists(directory)) {
    std::cerr << "cluster_keeper: the cluster directory " << directory << " is still there\n";
    return 1;
  }
  std::cout << "cluster_keeper: shared cluster stopped and removed\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "start") return start(argv[2]);
  if (argc == 3 && std::string(argv[1]) == "stop") return stop(argv[2]);
  std::cerr << "usage: cluster_keeper start|stop STATE_FILE\n";
  return 2;
}
