// Replaying a migration directory: every up, in the runner's order, one
// statement at a time in autocommit. A script's own BEGIN and COMMIT are
// statements like the others, so they group what they group in the file;
// statements that must run outside a transaction block (CREATE INDEX
// CONCURRENTLY, a backfill that commits per batch) run alone as written.

#include "schemadiff/run/replay.hpp"

#include "migration_statements.hpp"
#include "server_message.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::run {

namespace {

namespace fs = std::filesystem;

void replay_one(pqxx::connection &connection, const emit::WrittenMigration &migration, emit::MigrationFormat format) {
  const std::string file = migration.file.string();
  for (const ScriptStatement &statement : migration_statements(migration, format, Direction::Up)) {
    try {
      pqxx::nontransaction work(connection);
      work.exec(statement.text);
    } catch (const pqxx::broken_connection &failure) {
      throw Error(fmt::format("the connection broke while replaying migration {}: {}", migration.version,
                              server_message(failure.what())),
                  file_position(file, statement.line));
    } catch (const pqxx::failure &failure) {
      throw Error(fmt::format("the server refused the statement of migration {} ({}): {}", migration.version,
                              migration.name, server_message(failure.what())),
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
