// drift reads through a role that owns nothing and may use no schema:
// what CI should be given, rather than the application's owner.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::shared_cluster_conninfo;
using schemadiff::testing::TestDatabase;

namespace {

void on_cluster(const std::string &sql) {
  pqxx::connection connection(shared_cluster_conninfo());
  pqxx::nontransaction work(connection);
  work.exec(sql);
}

// Roles are the cluster's, not the test database's: named uniquely, and
// dropped after the database (declare before the TestDatabase).
class TwoRoles {
public:
  TwoRoles() {
    static std::atomic<int> counter = 0;
    const int n = counter++;
    owner = fmt::format("drift_owner_{}_{}", getpid(), n);
    reader = fmt::format("drift_reader_{}_{}", getpid(), n);
    // The reader may log in and nothing else; every transaction it starts
    // is read only, so a write by schemadiff would fail.
    on_cluster(fmt::format("CREATE ROLE {} NOLOGIN; CREATE ROLE {} LOGIN; "
                           "ALTER ROLE {} SET default_transaction_read_only = on",
                           owner, reader, reader));
  }
  ~TwoRoles() {
    try {
      on_cluster(fmt::format("DROP ROLE IF EXISTS {}; DROP ROLE IF EXISTS {}", reader, owner));
    } catch (...) {
      // A role left behind vanishes with the throwaway cluster.
    }
  }
  TwoRoles(const TwoRoles &) = delete;
  TwoRoles &operator=(const TwoRoles &) = delete;

  std::string owner;
  std::string reader;
};

const char *schema_files = R"sql(
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, balance numeric(12,2) NOT NULL DEFAULT 0);
CREATE SEQUENCE app.invoice_numbers START 1000;
CREATE INDEX accounts_balance ON app.accounts (balance);
CREATE FUNCTION app.balance_of(account bigint) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT balance FROM app.accounts WHERE id = account
$$;
CREATE VIEW app.rich AS SELECT id FROM app.accounts WHERE balance > 1000;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON app.accounts FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.accounts USING (id > 0);
)sql";

ProgramResult drift_as(const ScratchDirectory &project, const std::string &conninfo,
                       const std::vector<std::string> &extra = {}) {
  std::vector<std::string> arguments = {"drift", "--db", conninfo, "--dev-url", shared_cluster_conninfo()};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return schemadiff::testing::run_schemadiff_in(project.path(), arguments);
}

} // namespace

TEST_CASE("drift works for a role that owns nothing and has no USAGE on the schema it reads", "[drift]") {
  const TwoRoles roles;
  const TestDatabase database;
  // The objects belong to another role, in a schema the reader may not use;
  // the reader has CONNECT and PostgreSQL's defaults, nothing more.
  database.execute(fmt::format("GRANT CREATE ON DATABASE {0} TO {1}; SET ROLE {1}; {2}", database.name(), roles.owner,
                               schema_files));
  database.execute(fmt::format("GRANT CONNECT ON DATABASE {} TO {}", database.name(), roles.reader));
  REQUIRE(database.query_value(fmt::format("SELECT has_schema_privilege('{}', 'app', 'USAGE')", roles.reader)) == "f");
  const std::string as_reader = database.conninfo() + " user=" + roles.reader;

  ScratchDirectory project;
  project.write("schema/app.sql", schema_files);

  SECTION("in sync: exit 0") {
    const ProgramResult result = drift_as(project, as_reader);
    INFO(result.err);
    CHECK(result.status == 0);
    CHECK_THAT(result.out, Catch::StartsWith("No drift:"));
  }
  SECTION("changed by its owner: exit 1, each change named") {
    database.execute(fmt::format("SET ROLE {}; ALTER TABLE app.accounts ALTER COLUMN balance SET DEFAULT 100; "
                                 "CREATE OR REPLACE FUNCTION app.balance_of(account bigint) RETURNS numeric "
                                 "LANGUAGE sql STABLE AS $$ SELECT 0::numeric $$; "
                                 "ALTER SEQUENCE app.invoice_numbers INCREMENT 10",
                                 roles.owner));
    const ProgramResult result = drift_as(project, as_reader, {"--format", "json"});
    INFO(result.err);
    CHECK(result.status == 1);
    std::set<std::string> named;
    const auto json = nlohmann::json::parse(result.out);
    for (const auto &difference : json["differences"]) {
      named.insert(difference["kind"].get<std::string>() + " " + difference["name"].get<std::string>());
    }
    CHECK(named == std::set<std::string>{"column app.accounts.balance", "function app.balance_of(account bigint)",
                                         "sequence app.invoice_numbers"});
  }
  SECTION("inspect, which plans act on, still refuses the schema the role cannot use") {
    const ProgramResult result = schemadiff::testing::run_schemadiff_in(project.path(), {"inspect", "--db", as_reader});
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("has no USAGE privilege on schema app"));
  }
}
