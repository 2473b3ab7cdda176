// schemadiff write puts a migration in place all or none: an error found
// half-way, or a signal at any moment, leaves the whole migration or
// nothing, and never a staging directory or a temporary file.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using schemadiff::testing::ProgramResult;
using schemadiff::testing::ProgramRun;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::shared_cluster_conninfo;
using schemadiff::testing::TestDatabase;

namespace {

namespace fs = std::filesystem;

// Three indexes on a table with rows: each is built concurrently, alone
// (its file drops an INVALID leftover of a failed attempt first), so three
// migrations, six files.
const char *users_table = "CREATE TABLE public.users (id bigint PRIMARY KEY, name text, email text, city text);\n";
const char *users_indexes = "CREATE INDEX users_name ON public.users (name);\n"
                            "CREATE INDEX users_email ON public.users (email);\n"
                            "CREATE INDEX users_city ON public.users (city);\n";

// A project whose migration directory holds the table at a version far in
// the future, so that the next versions do not depend on the clock.
void write_project(const ScratchDirectory &project, bool with_history) {
  project.write("schema/users.sql", std::string(users_table) + users_indexes);
  if (!with_history) return;
  project.write("generated/29990101000000_users.up.sql", users_table);
  project.write("generated/29990101000000_users.down.sql", "DROP TABLE public.users;\n");
}

std::string read(const fs::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every entry below `directory` — hidden ones, folders and symlinks too —
// with each file's text; versions taken from the clock read as <version>.
std::map<std::string, std::string> tree(const fs::path &directory) {
  static const std::regex clock_version("20[0-9]{12}");
  std::map<std::string, std::string> entries;
  for (const auto &entry : fs::recursive_directory_iterator(directory)) {
    const std::string name =
        std::regex_replace(fs::relative(entry.path(), directory).string(), clock_version, "<version>");
    if (entry.is_symlink()) {
      entries[name] = "-> " + fs::read_symlink(entry.path()).string();
    } else if (entry.is_directory()) {
      entries[name] = "<directory>";
    } else {
      entries[name] = std::regex_replace(read(entry.path()), clock_version, "<version>");
    }
  }
  return entries;
}

std::string listed(const std::map<std::string, std::string> &entries) {
  std::string names;
  for (const auto &[name, text] : entries) names += "\n  " + name;
  return names;
}

// Where the current state comes from: the replay of the directory on the
// embedded server, or a live database with the table (and a row, so that
// indexes are built concurrently) and --dev-url for the shadow: then no
// embedded server runs at all.
struct CurrentState {
  bool live = false;
  std::unique_ptr<TestDatabase> database;

  explicit CurrentState(bool live_database) : live(live_database) {
    if (!live) return;
    database = std::make_unique<TestDatabase>();
    database->execute(std::string(users_table) + "INSERT INTO public.users VALUES (1, 'a', 'a@b', 'c');");
  }

  std::vector<std::string> arguments() const {
    std::vector<std::string> write = {"write", "--name", "more"};
    if (!live) return write;
    for (const std::string &argument :
         {std::string("--db"), database->conninfo(), std::string("--dev-url"), shared_cluster_conninfo()}) {
      write.push_back(argument);
    }
    return write;
  }
};

// Runs schemadiff as a user would in `project`, its temporary files (the
// embedded server) elsewhere, so that only the write touches the project.
ProgramRun run_in(const ScratchDirectory &project, const ScratchDirectory &temporary,
                  std::vector<std::string> arguments) {
  return ProgramRun{
      std::move(arguments), {{"TMPDIR", temporary.path().string()}, {"DATABASE_URL", ""}}, project.path()};
}

ProgramResult run_to_completion(const ScratchDirectory &project, std::vector<std::string> arguments) {
  const ScratchDirectory temporary;
  return schemadiff::testing::run_schemadiff(run_in(project, temporary, std::move(arguments)));
}

// The project as a write leaves it when nothing stops it.
std::map<std::string, std::string> written_whole(bool live_database, bool with_history) {
  const ScratchDirectory twin;
  write_project(twin, with_history);
  const CurrentState state(live_database);
  const ProgramResult result = run_to_completion(twin, state.arguments());
  INFO(result.err);
  REQUIRE(result.status == 0);
  return tree(twin.path());
}

// Blocks until something is created in `directory` (watched from before
// the program starts), or 60 s pass.
class FirstEntry {
public:
  explicit FirstEntry(const fs::path &directory) : fd_(inotify_init1(IN_CLOEXEC)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(inotify_add_watch(fd_, directory.c_str(), IN_CREATE | IN_MOVED_TO) >= 0);
  }
  ~FirstEntry() { close(fd_); }
  FirstEntry(const FirstEntry &) = delete;
  FirstEntry &operator=(const FirstEntry &) = delete;

  bool wait() const {
    pollfd ready{fd_, POLLIN, 0};
    return poll(&ready, 1, 60'000) == 1;
  }

private:
  int fd_;
};

} // namespace

TEST_CASE("a write that fails half-way leaves the migration directory as it was", "[write]") {
  const ScratchDirectory project;
  write_project(project, true);

  SECTION("a name taken after the check: a dangling symlink where the last file goes") {
    // The check before writing follows symlinks; the rename that never
    // replaces finds the name taken once every other file is in place.
    std::string last_up;
    for (const auto &[name, text] : written_whole(false, true)) {
      if (name.ends_with(".up.sql")) last_up = name;
    }
    REQUIRE(last_up == "generated/29990101000003_more_expand_3.up.sql");
    fs::create_symlink("nowhere", project.path() / last_up);
    const auto before = tree(project.path());
    const ProgramResult result = run_to_completion(project, {"write", "--name", "more"});
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK_THAT(result.err,
               Catch::Contains(last_up) && Catch::Contains("exists already") && Catch::Contains("nothing was written"));
    CHECK(tree(project.path()) == before);
  }

  SECTION("a file where sqitch's verify/ directory must be") {
    fs::remove_all(project.path() / "generated");
    project.write("generated/verify", "not a directory\n");
    const auto before = tree(project.path());
    const ProgramResult result = run_to_completion(project, {"write", "--format", "sqitch"});
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("generated/verify") && Catch::Contains("needs a directory"));
    // deploy/ and revert/ were made and filled before verify/ failed.
    CHECK(tree(project.path()) == before);
  }
}

TEST_CASE("a signal during write leaves the whole migration or none of it, and no staging directory", "[write]") {
  // With the history, files are added to an existing directory one by one;
  // without it, the directory appears whole.
  const bool with_history = GENERATE(true, false);
  const bool live_database = GENERATE(false, true);
  const auto delay = GENERATE(0ms, 10ms, 40ms, 120ms);
  static std::map<std::pair<bool, bool>, std::map<std::string, std::string>> whole;
  if (!whole.contains({live_database, with_history})) {
    whole[{live_database, with_history}] = written_whole(live_database, with_history);
  }

  const ScratchDirectory project;
  write_project(project, with_history);
  const auto before = tree(project.path());
  const CurrentState state(live_database);
  const ScratchDirectory temporary;
  const ScratchDirectory outputs;
  // The first entry made where the files go (the staging directory, or a
  // temporary file) starts the clock: the signal lands while the files
  // are written or moved.
  const FirstEntry first(with_history ? project.path() / "generated" : project.path());
  const pid_t pid =
      schemadiff::testing::start_schemadiff(run_in(project, temporary, state.arguments()), outputs.path() / "run");
  const bool writing = first.wait();
  std::this_thread::sleep_for(delay);
  kill(pid, SIGINT);
  const ProgramResult result = schemadiff::testing::finish_program(pid, outputs.path() / "run");

  const auto after = tree(project.path());
  INFO((live_database ? "live database" : "replay")
       << (with_history ? ", existing directory" : ", new directory") << ", signal " << delay.count()
       << " ms after the first entry; status " << result.status << "; stderr: " << result.err
       << "\nleft:" << listed(after));
  CHECK(writing);
  CHECK((result.status == 128 + SIGINT || result.status == 0));
  CHECK((after == before || after == whole[{live_database, with_history}]));
}
