#include "child_run.hpp"
#include "scratch_directory.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace schemadiff::testing {

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

pid_t start_schemadiff(const ProgramRun &run, const fs::path &output_prefix) {
  std::vector<std::string> argv{SCHEMADIFF_BIN};
  argv.insert(argv.end(), run.arguments.begin(), run.arguments.end());
  std::vector<char *> args;
  for (std::string &arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const std::string out_file = output_prefix.string() + ".out";
  const std::string err_file = output_prefix.string() + ".err";

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (const auto &[name, value] : run.environment) {
      if (value.empty()) {
        unsetenv(name.c_str());
      } else {
        setenv(name.c_str(), value.c_str(), 1);
      }
    }
    if (run.directory && chdir(run.directory->c_str()) != 0) _exit(125);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

ProgramResult finish_program(pid_t pid, const fs::path &output_prefix) {
  int status = 0;
  waitpid(pid, &status, 0);
  ProgramResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(output_prefix.string() + ".out");
  result.err = slurp(output_prefix.string() + ".err");
  fs::remove(output_prefix.string() + ".out");
  fs::remove(output_prefix.string() + ".err");
  return result;
}

ProgramResult run_schemadiff(const ProgramRun &run) {
  const ScratchDirectory outputs;
  return finish_program(start_schemadiff(run, outputs.path() / "run"), outputs.path() / "run");
}

ProgramResult run_schemadiff_in(const std::filesystem::path &directory, std::vector<std::string> arguments,
                                std::map<std::string, std::string> environment) {
  environment.try_emplace("DATABASE_URL", "");
  environment.try_emplace("TMPDIR", directory.string());
  return run_schemadiff(ProgramRun{std::move(arguments), std::move(environment), directory});
}

} // namespace schemadiff::testing
