#include "schemadiff/source/introspect.hpp"

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::TestDatabase;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path &file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string every_kind = read_text(fs::path(SCHEMADIFF_SOURCE_DIR) / "tests/fixtures/every_kind.sql");

ProgramResult inspect(const std::vector<std::string> &arguments) {
  const ScratchDirectory here;
  std::vector<std::string> command{"inspect"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  return schemadiff::testing::run_schemadiff({command, {{"DATABASE_URL", ""}, {"TMPDIR", here.path().string()}}, here.path()});
}

} // namespace

TEST_CASE("inspect --format sql loaded into an empty database gives back an equal model, for every kind") {
  const TestDatabase original;
  original.execute(every_kind);
  const ProgramResult first = inspect({"--db", original.conninfo(), "--format", "sql"});
  REQUIRE(first.status == 0);
  INFO(first.err);

  const TestDatabase copy;
  copy.execute(first.out);
  const auto original_model = schemadiff::source::introspect(original.conninfo());
  CHECK(schemadiff::source::introspect(copy.conninfo()) == original_model);
  CHECK(original_model.tables.size() == 5);
  CHECK_FALSE(original_model.views.empty());
  CHECK_FALSE(original_model.policies.empty());

  // Byte-identical from run to run, and from the copy.
  CHECK(inspect({"--db", original.conninfo(), "--format", "sql"}).out == first.out);
  CHECK(inspect({"--db", copy.conninfo(), "--format", "sql"}).out == first.out);
}

TEST_CASE("inspect --format json prints the model as JSON") {
  const TestDatabase database;
  database.execute(every_kind);
  const ProgramResult result = inspect({"--db", database.conninfo(), "--format", "json"});
  REQUIRE(result.status == 0);
  const auto json = nlohmann::json::parse(result.out);
  CHECK(json.contains("tables"));
  CHECK(json["tables"].size() == 5);
  CHECK(inspect({"--db", database.conninfo(), "--format", "json"}).out == result.out);
}

TEST_CASE("inspect --schema prints the model PostgreSQL builds from schema files") {
  const TestDatabase database;
  const ScratchDirectory schema;
  schema.write("b/tables.sql", "CREATE TABLE app.items (id int PRIMARY KEY, kind app.kind);\n");
  schema.write("a/types.sql", "CREATE TYPE app.kind AS ENUM ('x', 'y');\n");
  schema.write("0_schema.sql", "CREATE SCHEMA app;\n");
  const ProgramResult result = inspect({"--schema", schema.path().string()});
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("CREATE TABLE app.items") && Catch::Contains("kind app.kind"));
}

TEST_CASE("inspect --schema with a bad file exits 2 naming file, line and column, and prints nothing") {
  const ScratchDirectory schema;
  const auto file = schema.write("bad.sql", "CREATE TABLE t (id int);\nCREATE TABLE u (id int,, x int);\n");
  const ProgramResult result = inspect({"--schema", schema.path().string()});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains(file.string() + ":2:24: syntax error"));
}
