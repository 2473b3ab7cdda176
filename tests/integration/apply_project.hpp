#pragma once
// The project of the apply tests: a database at an old schema with rows, and
// schema files that want a new one, in a migration format.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace schemadiff::testing::apply_project {

inline constexpr const char *old_schema =
    "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL);\n";
inline constexpr const char *new_schema =
    R"(CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL, nickname text);
CREATE INDEX accounts_email_idx ON public.accounts (email);
CREATE TABLE public.orders (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES public.accounts);
)";

// A database at the old schema with rows, and a project whose schema files
// want the new one: write gives the migrations apply then runs.
struct Project {
  ScratchDirectory directory;
  TestDatabase database;
  std::string format;

  explicit Project(std::string format_name = "golang-migrate", const std::string &config = "")
      : format(std::move(format_name)) {
    database.execute(old_schema);
    database.execute("INSERT INTO accounts SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 2000) g");
    directory.write("schema/schema.sql", new_schema);
    directory.write("schemadiff.toml", "[apply]\nlock_retries = 3\nretry_first_wait = \"200ms\"\n"
                                       "retry_max_wait = \"1s\"\n" +
                                           config);
  }

  ProgramResult run(std::vector<std::string> arguments) const {
    arguments.insert(arguments.end(), {"--db", database.conninfo(), "--format", format});
    if (arguments.front() == "write") arguments.insert(arguments.end(), {"--dev-url", shared_cluster_conninfo()});
    return run_schemadiff_in(directory.path(), std::move(arguments));
  }

  std::size_t written() const {
    const ProgramResult write = run({"write"});
    INFO(write.err);
    REQUIRE(write.status == 0);
    return static_cast<std::size_t>(std::count(write.out.begin(), write.out.end(), '\n'));
  }

  std::string history(const std::string &what) const {
    return database.query_value("SELECT " + what + " FROM schemadiff.migration_history");
  }
};

// The new schema is in place: the index valid, the foreign key validated.
inline void check_new_schema(const TestDatabase &database) {
  CHECK(database.query_value("SELECT count(*) FROM pg_index WHERE indexrelid = 'public.accounts_email_idx'::regclass "
                             "AND indisvalid") == "1");
  CHECK(database.query_value("SELECT convalidated FROM pg_constraint WHERE conname = 'orders_account_id_fkey'") == "t");
  CHECK(database.query_value("SELECT count(*) FROM accounts") == "2000");
}

} // namespace schemadiff::testing::apply_project
