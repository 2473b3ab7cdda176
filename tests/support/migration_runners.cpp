#include "migration_runners.hpp"

#include "run/script_statements.hpp"

#include "schemadiff/pg/server_binaries.hpp"

#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace schemadiff::testing {

namespace {

namespace fs = std::filesystem;
using emit::MigrationFormat;
using emit::WrittenMigration;

std::string read_file(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One libpq connection; every query goes through PQexec, the simple query
// protocol the runners' drivers use for a query without parameters.
class Session {
public:
  explicit Session(const std::string &conninfo) : connection_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(connection_);
      PQfinish(connection_);
      throw std::runtime_error("cannot connect: " + message);
    }
    PQsetNoticeProcessor(
        connection_, [](void *, const char *) {}, nullptr);
  }
  ~Session() { PQfinish(connection_); }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  void exec(const std::string &sql, const fs::path &file) {
    PGresult *result = PQexec(connection_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
      throw std::runtime_error(fmt::format("{}: {}\n--- the query was:\n{}", file.string(), message, sql));
    }
  }

  // BEGIN, the work, COMMIT; ROLLBACK when the work fails.
  template <typename Work> void in_transaction(const fs::path &file, Work work) {
    exec("BEGIN", file);
    try {
      work();
    } catch (...) {
      PQclear(PQexec(connection_, "ROLLBACK"));
      throw;
    }
    exec("COMMIT", file);
  }

private:
  PGconn *connection_;
};

bool starts_with(const std::string &text, const std::string &prefix) { return text.rfind(prefix, 0) == 0; }

std::string trimmed(std::string text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// dbmate: the options on a section's marker line.
bool dbmate_section_in_transaction(const std::string &section) {
  const std::string marker_line = section.substr(0, section.find('\n'));
  return marker_line.find("transaction:false") == std::string::npos;
}

// goose's own splitting (internal/sqlparser): annotations at the start of a
// line; a StatementBegin/End block is one statement; elsewhere a statement
// ends at a line whose last word before any `--` ends in ';'.
//
// Since goose 3.18 a line that starts with `--` (after blanks) and holds
// `+goose` anywhere is an annotation: every `--` and the first `+goose` are
// cut from it, and what is left must be one of goose's annotations (in any
// case), or the file does not parse. So a name holding `+goose` in a
// comment breaks a goose file unless it is escaped.
std::string goose_annotation(const std::string &line) {
  if (!starts_with(trimmed(line), "--") || line.find("+goose") == std::string::npos) return {};
  if (starts_with(line, " ") || starts_with(line, "\t")) {
    throw std::runtime_error("goose: an annotation line starts with blanks: " + line);
  }
  std::string command = line;
  for (std::size_t at = command.find("--"); at != std::string::npos; at = command.find("--", at)) command.erase(at, 2);
  command.erase(command.find("+goose"), std::string("+goose").size());
  if (command.find("+goose") != std::string::npos) {
    throw std::runtime_error("goose: more than one +goose on a line: " + line);
  }
  command = trimmed(command);
  std::transform(command.begin(), command.end(), command.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::vector<std::string> known = {
      "up", "down", "statementbegin", "statementend", "no transaction", "envsub on", "envsub off"};
  if (std::find(known.begin(), known.end(), command) == known.end()) {
    throw std::runtime_error("goose: an unknown annotation: " + line);
  }
  return command;
}

struct GooseScript {
  std::vector<std::string> statements;
  bool in_transaction = true;
};

bool goose_line_ends_statement(const std::string &line) {
  std::istringstream words(line);
  std::string word;
  std::string last;
  while (words >> word) {
    if (starts_with(word, "--")) break;
    last = word;
  }
  return !last.empty() && last.back() == ';';
}

GooseScript goose_statements(const std::string &text, RunDirection direction) {
  GooseScript script;
  enum class Section { None, Up, Down } section = Section::None;
  bool in_block = false;
  std::string buffer;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string annotation = goose_annotation(line);
    const bool wanted = section == (direction == RunDirection::Up ? Section::Up : Section::Down);
    if (annotation == "up") {
      section = Section::Up;
    } else if (annotation == "down") {
      section = Section::Down;
    } else if (annotation == "no transaction") {
      script.in_transaction = false;
    } else if (annotation == "statementbegin") {
      in_block = true;
    } else if (annotation == "statementend") {
      in_block = false;
      if (wanted && !trimmed(buffer).empty()) script.statements.push_back(trimmed(buffer));
      buffer.clear();
    } else if (wanted) {
      if (buffer.empty() && (starts_with(trimmed(line), "--") || trimmed(line).empty())) continue;
      buffer += line + "\n";
      if (!in_block && goose_line_ends_statement(line)) {
        script.statements.push_back(trimmed(buffer));
        buffer.clear();
      }
    }
  }
  if (!trimmed(buffer).empty()) throw std::runtime_error("goose: an unfinished statement (no ';'): " + buffer);
  return script;
}

// Flyway's PostgreSQL parser marks the statements that cannot run in a
// transaction block; without a .conf such a statement makes the whole
// migration run outside one, and mixing it with others is an error.
bool flyway_non_transactional(const std::string &statement) {
  static const std::regex pattern(
      R"(^\s*((CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX)\b[\s\S]*\bCONCURRENTLY\b|VACUUM\b|ALTER\s+SYSTEM\b|(CREATE|DROP)\s+(DATABASE|TABLESPACE)\b))",
      std::regex::icase);
  return std::regex_search(statement, pattern);
}

std::optional<bool> flyway_conf_in_transaction(const fs::path &script) {
  const fs::path conf = script.string() + ".conf";
  if (!fs::exists(conf)) return std::nullopt;
  std::string text = read_file(conf);
  text.erase(std::remove_if(text.begin(), text.end(), [](unsigned char c) { return c == ' ' || c == '\t'; }),
             text.end());
  if (text.find("executeInTransaction=false") != std::string::npos) return false;
  return true;
}

void run_flyway_script(Session &session, const fs::path &script, const std::string &text) {
  std::vector<std::string> statements;
  for (const auto &statement : run::split_script(text, false, script.string(), 1)) statements.push_back(statement.text);
  bool in_transaction = true;
  if (const auto configured = flyway_conf_in_transaction(script)) {
    in_transaction = *configured;
  } else {
    const auto outside = std::count_if(statements.begin(), statements.end(), flyway_non_transactional);
    if (outside > 0 && static_cast<std::size_t>(outside) < statements.size()) {
      throw std::runtime_error(script.string() + ": Flyway refuses a migration that mixes transactional and "
                                                 "non-transactional statements");
    }
    in_transaction = outside == 0;
  }
  const auto run_all = [&] {
    for (const std::string &statement : statements) session.exec(statement, script);
  };
  if (in_transaction) {
    session.in_transaction(script, run_all);
  } else {
    run_all();
  }
}

void run_psql_file(const std::string &conninfo, const fs::path &script) {
  const ProgramOutcome outcome = run_program(
      {psql_program().string(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", script.string()});
  if (outcome.status != 0) {
    throw std::runtime_error(
        fmt::format("psql -f {} exited with {}:\n{}", script.string(), outcome.status, outcome.output));
  }
}

fs::path with_file_name(const fs::path &file, const std::string &name) { return file.parent_path() / name; }

// The file holding the down of `migration`, for the formats that keep it apart.
fs::path down_file(const WrittenMigration &migration, MigrationFormat format) {
  const std::string name = migration.file.filename().string();
  switch (format) {
  case MigrationFormat::GolangMigrate:
  case MigrationFormat::Plain:
    return with_file_name(migration.file, name.substr(0, name.size() - std::string(".up.sql").size()) + ".down.sql");
  case MigrationFormat::Flyway:
    return with_file_name(migration.file, "U" + name.substr(1));
  case MigrationFormat::Sqitch:
    return migration.file.parent_path().parent_path() / "revert" / name;
  default:
    return migration.file;
  }
}

void run_one(Session &session, const std::string &conninfo, const WrittenMigration &migration, MigrationFormat format,
             RunDirection direction) {
  const bool up = direction == RunDirection::Up;
  const fs::path file = up ? migration.file : down_file(migration, format);
  switch (format) {
  case MigrationFormat::GolangMigrate:
    if (up || fs::exists(file)) session.exec(read_file(file), file);
    return;
  case MigrationFormat::Dbmate: {
    const std::string &section = up ? migration.up : migration.down;
    if (section.empty()) return;
    if (dbmate_section_in_transaction(section)) {
      session.in_transaction(file, [&] { session.exec(section, file); });
    } else {
      session.exec(section, file);
    }
    return;
  }
  case MigrationFormat::Goose: {
    const GooseScript script = goose_statements(read_file(file), direction);
    const auto run_all = [&] {
      for (const std::string &statement : script.statements) session.exec(statement, file);
    };
    if (script.in_transaction) {
      session.in_transaction(file, run_all);
    } else {
      run_all();
    }
    return;
  }
  case MigrationFormat::Flyway:
    if (up || fs::exists(file)) run_flyway_script(session, file, read_file(file));
    return;
  case MigrationFormat::Sqitch:
  case MigrationFormat::Plain:
    if (up || fs::exists(file)) run_psql_file(conninfo, file);
    return;
  }
}

} // namespace

void run_migrations_like_runner(MigrationFormat format, const fs::path &directory, const std::string &conninfo,
                                RunDirection direction) {
  std::vector<WrittenMigration> migrations = emit::read_migrations(directory, format);
  if (direction == RunDirection::Down) std::reverse(migrations.begin(), migrations.end());
  Session session(conninfo);
  for (const WrittenMigration &migration : migrations) run_one(session, conninfo, migration, format, direction);
}

void run_migration_like_runner(MigrationFormat format, const fs::path &directory, const std::string &conninfo,
                               std::size_t position, RunDirection direction) {
  const std::vector<WrittenMigration> migrations = emit::read_migrations(directory, format);
  if (position >= migrations.size())
    throw std::runtime_error(fmt::format("no migration {} in {}", position, directory.string()));
  Session session(conninfo);
  run_one(session, conninfo, migrations[position], format, direction);
}

fs::path psql_program() {
  const fs::path beside_server = pg::find_server_binaries() / "psql";
  if (fs::exists(beside_server)) return beside_server;
  return installed_program("psql").value_or("psql");
}

std::map<std::string, std::string> libpq_environment(const std::string &conninfo) {
  static const std::map<std::string, std::string> variables = {
      {"host", "PGHOST"}, {"port", "PGPORT"}, {"user", "PGUSER"}, {"dbname", "PGDATABASE"}, {"password", "PGPASSWORD"}};
  char *error = nullptr;
  PQconninfoOption *options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    const std::string message = error == nullptr ? "out of memory" : error;
    PQfreemem(error);
    throw std::runtime_error("cannot parse the connection string: " + message);
  }
  std::map<std::string, std::string> environment;
  for (PQconninfoOption *option = options; option->keyword != nullptr; ++option) {
    const auto variable = variables.find(option->keyword);
    if (variable != variables.end() && option->val != nullptr) environment[variable->second] = option->val;
  }
  PQconninfoFree(options);
  return environment;
}

std::string dbmate_url(const std::string &conninfo) {
  const std::map<std::string, std::string> libpq = libpq_environment(conninfo);
  return fmt::format("postgres://{}@localhost:{}/{}?socket={}&sslmode=disable", libpq.at("PGUSER"), libpq.at("PGPORT"),
                     libpq.at("PGDATABASE"), libpq.at("PGHOST"));
}

std::optional<fs::path> installed_program(const std::string &name) {
  const char *path = std::getenv("PATH");
  std::istringstream folders(path == nullptr ? "/usr/local/bin:/usr/bin:/bin" : path);
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const fs::path candidate = fs::path(folder.empty() ? "." : folder) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

fs::path required_program(const std::string &name, const std::string &how_to_install) {
  if (const auto found = installed_program(name)) return *found;
  throw std::runtime_error(
      fmt::format("{} is not installed ({}): this test runs the real {}", name, how_to_install, name));
}

ProgramOutcome run_program(const std::vector<std::string> &argv, const std::map<std::string, std::string> &environment,
                           const std::optional<fs::path> &directory) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(pipe_ends[0]);
    dup2(pipe_ends[1], STDOUT_FILENO);
    dup2(pipe_ends[1], STDERR_FILENO);
    close(pipe_ends[1]);
    for (const auto &[name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
    if (directory && chdir(directory->c_str()) != 0) _exit(125);
    std::vector<char *> args;
    std::vector<std::string> copies = argv;
    for (std::string &arg : copies) args.push_back(arg.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(pipe_ends[1]);
  ProgramOutcome outcome;
  char buffer[4096];
  ssize_t got = 0;
  while ((got = read(pipe_ends[0], buffer, sizeof buffer)) > 0)
    outcome.output.append(buffer, static_cast<std::size_t>(got));
  close(pipe_ends[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

} // namespace schemadiff::testing
