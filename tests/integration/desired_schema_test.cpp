#include "schemadiff/error.hpp"
#include "schemadiff/pg/server_binaries.hpp"
#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using schemadiff::Error;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::TestDatabase;
namespace fs = std::filesystem;

namespace {

const fs::path example_schema = fs::path(SCHEMADIFF_SOURCE_DIR) / "schema";

schemadiff::model::Catalog desired(const fs::path &directory) {
  return schemadiff::source::read_desired_schema(directory, schemadiff::testing::shared_cluster_conninfo());
}

std::string read_text(const fs::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every *.sql of the bundled example, in dependency order, as one script.
std::string example_script() {
  std::string script;
  for (const char *file : {"types.sql", "functions.sql", "tables/customers.sql", "tables/products.sql",
                           "tables/orders.sql", "tables/order_items.sql", "views.sql"}) {
    script += read_text(example_schema / file) + "\n";
  }
  return script;
}

// pg_dump --schema-only of a database, as a user would bootstrap schema/ with it.
std::string pg_dump_schema(const TestDatabase &database) {
  const std::string command =
      fmt::format("{}/pg_dump --schema-only --no-owner -d \"{}\"", schemadiff::pg::find_server_binaries().string(),
                  database.conninfo());
  std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::string dump;
  char buffer[4096];
  while (const std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe.get())) dump.append(buffer, read);
  return dump;
}

std::string error_of(const fs::path &directory) {
  try {
    desired(directory);
  } catch (const Error &error) {
    return error.where() + ": " + error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("the bundled example's files give the model of a database built from them") {
  const TestDatabase built;
  built.execute(example_script());
  CHECK(desired(example_schema) == schemadiff::source::introspect(built.conninfo()));
}

TEST_CASE("one schema spread over nested folders gives the same model as one file") {
  const ScratchDirectory one_file;
  one_file.write("all.sql", example_script());
  const ScratchDirectory nested;
  nested.write("z/deep/er/views.sql", read_text(example_schema / "views.sql"));
  nested.write("a/tables/order_items.sql", read_text(example_schema / "tables/order_items.sql"));
  nested.write("a/tables/orders.sql", read_text(example_schema / "tables/orders.sql"));
  nested.write("b/customers.sql", read_text(example_schema / "tables/customers.sql"));
  nested.write("b/products.sql", read_text(example_schema / "tables/products.sql"));
  nested.write("c/functions.sql", read_text(example_schema / "functions.sql"));
  nested.write("types/enums/types.sql", read_text(example_schema / "types.sql"));
  nested.write("notes.txt", "not SQL: ignored");
  const auto model = desired(nested.path());
  CHECK(model == desired(one_file.path()));
  CHECK(model.tables.size() == 4);
}

TEST_CASE("pg_dump --schema-only output used as the schema directory gives the dumped database's model") {
  const TestDatabase source;
  source.execute(example_script());
  const ScratchDirectory dumped;
  dumped.write("dump.sql", pg_dump_schema(source));
  CHECK(desired(dumped.path()) == schemadiff::source::introspect(source.conninfo()));
}

TEST_CASE("pg_dump --schema-only of the every-kind fixture, as the schema directory, gives that database's model") {
  const TestDatabase source;
  source.execute(read_text(fs::path(SCHEMADIFF_SOURCE_DIR) / "tests/fixtures/every_kind.sql"));
  const ScratchDirectory dumped;
  dumped.write("dump.sql", pg_dump_schema(source));
  const auto from_files = desired(dumped.path());
  CHECK(from_files == schemadiff::source::introspect(source.conninfo()));
  CHECK(from_files.tables.size() == 5);
}

TEST_CASE("a syntax error in a schema file is reported at its file, line and column") {
  const ScratchDirectory schema;
  const auto file = schema.write("tables/users.sql", "CREATE TABLE users (\n  id int,\n  name text,,\n);\n");
  CHECK(error_of(schema.path()) == file.string() + ":3:13: syntax error: syntax error at or near \",\"");
}

TEST_CASE("DML in a schema file is refused at its location") {
  const ScratchDirectory schema;
  const auto file = schema.write("seed.sql", "CREATE TABLE t (id int);\n\nINSERT INTO t VALUES (1);\n");
  CHECK_THAT(error_of(schema.path()), Catch::StartsWith(file.string() + ":3:1: INSERT is not allowed"));
}

TEST_CASE("a missing schema directory is an error naming it") {
  CHECK_THAT(error_of("/nonexistent/schema"), Catch::Contains("/nonexistent/schema") &&
                                                  Catch::Contains("does not exist"));
}

TEST_CASE("the shadow database is dropped after a failed load") {
  const ScratchDirectory schema;
  schema.write("bad.sql", "CREATE TABLE t (x no_such_type);");
  CHECK_THAT(error_of(schema.path()), Catch::Contains("no_such_type"));
  const TestDatabase any;
  // This process's shadow databases only: other tests' runs of schemadiff
  // may hold theirs on the shared cluster meanwhile (--dev-url).
  CHECK(any.query_value(fmt::format("SELECT count(*) FROM pg_database WHERE datname LIKE 'schemadiff_shadow_{}_%'",
                                    getpid())) == "0");
}
