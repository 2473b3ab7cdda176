#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <catch2/catch.hpp>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::TestDatabase;

namespace {

ProgramResult schemadiff_in(const ScratchDirectory &directory, std::vector<std::string> arguments) {
  return schemadiff::testing::run_schemadiff_in(directory.path(), std::move(arguments));
}

constexpr const char *renames_toml = "[renames]\n"
                                     "\"public.users.name\" = \"full_name\"   # column\n"
                                     "\"public.accounts\" = \"customers\"     # table\n";

} // namespace

TEST_CASE("cli: plan renames what [renames] says instead of dropping and adding, and plans nothing once applied") {
  const TestDatabase database;
  database.execute(R"(
CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE accounts (id bigint PRIMARY KEY, owner bigint REFERENCES users);
INSERT INTO users SELECT i, 'user ' || i FROM generate_series(1, 10000) i;
INSERT INTO accounts SELECT i, i FROM generate_series(1, 10000) i;
)");
  const ScratchDirectory here;
  here.write("schemadiff.toml", renames_toml);
  here.write("schema/app.sql", "CREATE TABLE users (id bigint PRIMARY KEY, full_name text NOT NULL);\n"
                               "CREATE TABLE customers (id bigint CONSTRAINT accounts_pkey PRIMARY KEY, "
                               "owner bigint CONSTRAINT accounts_owner_fkey REFERENCES users);\n");
  const ProgramResult plan = schemadiff_in(here, {"plan", "--db", database.conninfo(), "--format", "sql"});
  INFO(plan.err);
  REQUIRE(plan.status == 0);
  CHECK_THAT(plan.out, Catch::Contains("ALTER TABLE public.accounts RENAME TO customers;") &&
                           Catch::Contains("ALTER TABLE public.users RENAME COLUMN name TO full_name;"));
  CHECK_THAT(plan.out, !Catch::Contains("DROP") && !Catch::Contains("ADD COLUMN"));
  CHECK(plan.out.find("RENAME TO customers") < plan.out.find("RENAME COLUMN name"));

  const ProgramResult down = schemadiff_in(here, {"plan", "--db", database.conninfo(), "--format", "sql", "--down"});
  CHECK(down.status == 0);
  CHECK_THAT(down.out, Catch::Contains("ALTER TABLE public.customers RENAME TO accounts;") &&
                           Catch::Contains("ALTER TABLE public.users RENAME COLUMN full_name TO name;"));

  database.execute(plan.out);
  CHECK(database.query_value("SELECT sum(length(full_name)) FROM users") ==
        database.query_value("SELECT sum(length('user ' || i)) FROM generate_series(1, 10000) i"));
  const ProgramResult again = schemadiff_in(here, {"plan", "--db", database.conninfo(), "--format", "json"});
  INFO(again.err);
  CHECK(again.status == 0);
  CHECK_THAT(again.out, !Catch::Contains("RENAME"));
}

TEST_CASE("cli: a [renames] entry that names nothing exits 2 naming the key") {
  const TestDatabase database;
  database.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text);");
  const ScratchDirectory here;
  here.write("schemadiff.toml", "[renames]\n\"public.users.nmae\" = \"full_name\"\n");
  here.write("schema/app.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
  const ProgramResult result = schemadiff_in(here, {"plan", "--db", database.conninfo()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err,
             Catch::Contains("schemadiff: error: [renames] \"public.users.nmae\": the database has no column"));
  CHECK(result.out.empty());
}
