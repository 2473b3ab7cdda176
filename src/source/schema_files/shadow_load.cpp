#include "shadow_load.hpp"

#include "statement_rules.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/redact.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

using Connection = std::unique_ptr<PGconn, void (*)(PGconn *)>;
using Result = std::unique_ptr<PGresult, void (*)(PGresult *)>;

Connection open_connection(const std::string &conninfo) {
  Connection connection(PQconnectdb(conninfo.c_str()), PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw Error(fmt::format("cannot connect to the shadow database: {}", PQerrorMessage(connection.get())),
                pg::redact_secrets(conninfo));
  }
  return connection;
}

std::string field(const PGresult *result, int code) {
  const char *value = PQresultErrorField(result, code);
  return value != nullptr ? value : "";
}

// Where in the files the server's error is: the statement's first token, or
// the exact character the server points at when the text is the file's own.
SourceLocation error_location(const SourceStatement &statement, const std::vector<SchemaFile> &files,
                              const std::string &position) {
  const auto file = std::find_if(files.begin(), files.end(),
                                 [&](const SchemaFile &f) { return f.name == statement.location.file; });
  const bool verbatim = file != files.end() && file->text.compare(statement.offset, statement.text.size(), statement.text) == 0;
  if (position.empty() || !verbatim) return statement.location;
  const int character = std::stoi(position);
  std::size_t offset = 0;
  for (int seen = 0; offset < statement.text.size(); ++offset) {
    if ((static_cast<unsigned char>(statement.text[offset]) & 0xC0) == 0x80) continue;
    if (++seen == character) break;
  }
  return LineIndex(*file).at_byte(statement.offset + offset);
}

[[noreturn]] void report(const PGresult *result, const SourceStatement &statement, const std::vector<SchemaFile> &files) {
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (const std::string detail = field(result, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) message += "\n" + detail;
  throw Error(fmt::format("PostgreSQL rejected this {}: {}", statement_name(statement), message),
              error_location(statement, files, field(result, PG_DIAG_STATEMENT_POSITION)).describe(),
              field(result, PG_DIAG_MESSAGE_HINT));
}

void run(PGconn *connection, const std::string &sql) {
  const Result result(PQexec(connection, sql.c_str()), PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw Error(fmt::format("cannot prepare the shadow database: {}", PQresultErrorMessage(result.get())));
  }
}

} // namespace

void load_statements(const std::string &conninfo, const std::vector<SchemaFile> &files,
                     const std::vector<SourceStatement> &statements) {
  const Connection connection = open_connection(conninfo);
  // Function bodies may name tables created later, as in pg_dump's output.
  run(connection.get(), "SET check_function_bodies = off; SET client_min_messages = warning");
  for (const SourceStatement &statement : statements) {
    if (is_session_or_ownership(statement)) continue;
    const Result result(PQexec(connection.get(), statement.text.c_str()), PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) report(result.get(), statement, files);
  }
}

} // namespace schemadiff::source
