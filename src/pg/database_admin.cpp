#include "schemadiff/pg/database_admin.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"
#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::pg {

namespace {

// CREATE and DROP DATABASE refuse to run inside a transaction block.
void run_outside_transaction(const std::string &server, const std::string &statement, std::string_view what) {
  const auto connection = connect(server);
  try {
    pqxx::nontransaction work(*connection);
    work.exec0(statement);
  } catch (const pqxx::sql_error &error) {
    throw Error(fmt::format("cannot {}: {}", what, error.what()));
  }
}

} // namespace

void create_database(const std::string &server, std::string_view name) {
  run_outside_transaction(server, "CREATE DATABASE " + quote_ident(name), fmt::format("create database {}", name));
}

void drop_database(const std::string &server, std::string_view name) {
  // WITH (FORCE) needs PostgreSQL 13, the oldest version schemadiff supports.
  run_outside_transaction(server, "DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)",
                          fmt::format("drop database {}", name));
}

} // namespace schemadiff::pg
