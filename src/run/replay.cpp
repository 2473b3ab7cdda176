// Replaying a migration directory: every up, in the runner's order, one
// statement at a time in autocommit. A script's own BEGIN and COMMIT are
// statements like the others, so they group what they group in the file;
// statements that must run outside a transaction block (CREATE INDEX
// CONCURRENTLY, a backfill that commits per batch) run alone as written.

#include "schemadiff/run/replay.hpp"

#include "script_statements.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/text_file.hpp"
#include "schemadiff/pg/connect.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::run {

namespace {

namespace fs = std::filesystem;

// The line of the file at which the up's text starts: dbmate and goose
// files hold their up after a few lines, the other formats are all up.
int first_line_of_up(const emit::WrittenMigration &migration) {
  const std::string file_text = read_text_file(migration.file, "migration file");
  const std::size_t at = migration.up.empty() ? std::string::npos : file_text.find(migration.up);
  if (at == std::string::npos) return 1;
  return 1 + static_cast<int>(std::count(file_text.begin(), file_text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// psql runs plain and sqitch scripts, and reads their backslash commands itself.
bool is_psql_script(emit::MigrationFormat format) {
  return format == emit::MigrationFormat::Plain || format == emit::MigrationFormat::Sqitch;
}

std::string server_message(const std::exception &failure) {
  std::string message = failure.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

void replay_one(pqxx::connection &connection, const emit::WrittenMigration &migration, emit::MigrationFormat format) {
  const std::string file = migration.file.string();
  for (const ScriptStatement &statement :
       split_script(migration.up, is_psql_script(format), file, first_line_of_up(migration))) {
    try {
      pqxx::nontransaction work(connection);
      work.exec(statement.text);
    } catch (const pqxx::broken_connection &failure) {
      throw Error(fmt::format("the connection broke while replaying migration {}: {}", migration.version,
                              server_message(failure)),
                  file_position(file, statement.line));
    } catch (const pqxx::failure &failure) {
      throw Error(fmt::format("the server refused the statement of migration {} ({}): {}", migration.version,
                              migration.name, server_message(failure)),
                  file_position(file, statement.line),
                  "the migrations before it ran; fix the statement, or the migration it depends on");
    }
  }
}

} // namespace

std::size_t replay_migrations(const fs::path &directory, emit::MigrationFormat format, const std::string &conninfo) {
  const std::vector<emit::WrittenMigration> migrations = emit::read_migrations(directory, format);
  if (migrations.empty()) return 0;
  const std::unique_ptr<pqxx::connection> connection = pg::connect(conninfo);
  for (const emit::WrittenMigration &migration : migrations) replay_one(*connection, migration, format);
  return migrations.size();
}

} // namespace schemadiff::run
