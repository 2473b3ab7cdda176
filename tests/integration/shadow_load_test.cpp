#include "source/schema_files/dependency_order.hpp"
#include "source/schema_files/shadow_load.hpp"
#include "source/schema_files/statement_rules.hpp"

#include "schemadiff/error.hpp"

#include "support/test_database.hpp"

#include <catch2/catch.hpp>

using schemadiff::Error;
using schemadiff::testing::TestDatabase;
using namespace schemadiff::source;

namespace {

std::vector<SourceStatement> prepared(const std::vector<SchemaFile> &files) {
  std::vector<SourceStatement> statements;
  for (const SchemaFile &file : files) {
    for (SourceStatement &statement : parse_schema_file(file)) {
      check_declarative(statement);
      statements.push_back(std::move(statement));
    }
  }
  return order_statements(files, std::move(statements));
}

Error load_error(const TestDatabase &database, const std::vector<SchemaFile> &files) {
  try {
    load_statements(database.conninfo(), files, prepared(files));
  } catch (const Error &error) {
    return error;
  }
  FAIL("expected the server to reject the schema");
  return Error("");
}

} // namespace

TEST_CASE("a server-side error is reported at the line the server points at") {
  const TestDatabase database;
  const std::vector<SchemaFile> files = {
      {"schema/tables.sql", "CREATE TABLE ok (id int);\n\nCREATE TABLE users (\n  id int,\n  mood no_such_type\n);\n"}};
  const Error error = load_error(database, files);
  CHECK(error.where() == "schema/tables.sql:5:8");
  CHECK_THAT(error.what(), Catch::Contains("CREATE TABLE") && Catch::Contains("type \"no_such_type\" does not exist"));
}

TEST_CASE("the server's hint comes with its error") {
  const TestDatabase database;
  const std::vector<SchemaFile> files = {
      {"f.sql", "CREATE FUNCTION add_one(int) RETURNS int LANGUAGE sql AS $$ SELECT $1 + 1 $$;\n"
                "CREATE VIEW v AS SELECT add_one('x'::text);\n"}};
  const Error error = load_error(database, files);
  CHECK_THAT(error.where(), Catch::StartsWith("f.sql:2:"));
  CHECK_THAT(error.hint(), Catch::Contains("explicit type casts"));
}

TEST_CASE("mutual foreign keys load, whichever file comes first") {
  const TestDatabase database;
  const std::vector<SchemaFile> files = {
      {"a.sql", "CREATE TABLE authors (id int PRIMARY KEY, best_book int REFERENCES books (id));"},
      {"b.sql", "CREATE TABLE books (id int PRIMARY KEY, author int NOT NULL,\n"
                "  CONSTRAINT books_author_fk FOREIGN KEY (author) REFERENCES authors (id) DEFERRABLE INITIALLY DEFERRED);"}};
  load_statements(database.conninfo(), files, prepared(files));
  CHECK(database.query_value("SELECT string_agg(conname || ':' || conrelid::regclass::text || ':' || condeferred, ',' "
                             "ORDER BY conname) FROM pg_constraint WHERE contype = 'f'") ==
        "authors_best_book_fkey:authors:false,books_author_fk:books:true");
}

TEST_CASE("a view over a function over a table loads in any file order") {
  const TestDatabase database;
  const std::vector<SchemaFile> files = {
      {"1_view.sql", "CREATE VIEW big_spenders AS SELECT * FROM spend_by_user() s WHERE s.total > 100;"},
      {"2_function.sql", "CREATE FUNCTION spend_by_user() RETURNS TABLE (user_id int, total numeric)\n"
                         "LANGUAGE sql STABLE AS $$ SELECT user_id, sum(amount) FROM payments GROUP BY user_id $$;"},
      {"3_table.sql", "CREATE TABLE payments (user_id int, amount numeric);"}};
  load_statements(database.conninfo(), files, prepared(files));
  CHECK(database.query_value("SELECT count(*) FROM big_spenders") == "0");
}

TEST_CASE("an extension's type used by a column loads after the extension") {
  const TestDatabase database;
  const std::vector<SchemaFile> files = {{"a.sql", "CREATE TABLE users (email citext PRIMARY KEY);"},
                                         {"z.sql", "CREATE EXTENSION citext;"}};
  load_statements(database.conninfo(), files, prepared(files));
  CHECK(database.query_value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                             "WHERE attrelid = 'users'::regclass AND attname = 'email'") == "citext");
}
