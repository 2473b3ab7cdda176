// Plans for ALTER DEFAULT PRIVILEGES entries, run up and down on a real
// database.

#include "support/plan_checks.hpp"
#include "support/plan_round_trip.hpp"

#include <catch2/catch.hpp>

using schemadiff::plan::Lock;
using schemadiff::plan::Phase;
using schemadiff::plan::Step;
using schemadiff::testing::check_round_trip;
using schemadiff::testing::plan_round_trip;
using schemadiff::testing::step_named;

namespace {

const std::string roles = R"(
DO $$BEGIN CREATE ROLE "App Owner"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE "report reader"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE "user"; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)";

} // namespace

TEST_CASE("plan default privileges: entries in a schema and global ones, for every object type, are set") {
  const auto result = plan_round_trip(roles, R"(
CREATE SCHEMA "Sales Data";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA "Sales Data" GRANT SELECT ON TABLES TO "report reader";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA "Sales Data" GRANT USAGE ON SEQUENCES TO "user" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA "Sales Data" GRANT EXECUTE ON FUNCTIONS TO "user";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA "Sales Data" GRANT USAGE ON TYPES TO "user";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" GRANT USAGE ON SCHEMAS TO "report reader";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" REVOKE TRUNCATE ON TABLES FROM "App Owner";
)");
  check_round_trip(result);
  const std::size_t tables =
      step_named(result.plan, "set default privileges for role \"App Owner\" in schema \"Sales Data\" on TABLES");
  CHECK(step_named(result.plan, "create schema \"Sales Data\"") < tables);
  CHECK(result.plan[tables].up ==
        std::vector<std::string>{"ALTER DEFAULT PRIVILEGES FOR ROLE \"App Owner\" IN SCHEMA "
                                 "\"Sales Data\" GRANT SELECT ON TABLES TO \"report reader\""});
  CHECK(result.plan[tables].phase == Phase::Expand);
  CHECK(result.plan[tables].lock == Lock::None);
  const Step &functions =
      result.plan[step_named(result.plan, "set default privileges for role \"App Owner\" on FUNCTIONS")];
  CHECK(functions.up == std::vector<std::string>{
                            "ALTER DEFAULT PRIVILEGES FOR ROLE \"App Owner\" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"});
  CHECK(functions.down == std::vector<std::string>{
                              "ALTER DEFAULT PRIVILEGES FOR ROLE \"App Owner\" GRANT EXECUTE ON FUNCTIONS TO PUBLIC"});
}

TEST_CASE("plan default privileges: entries are reset to the defaults in the contract phase") {
  const auto result = plan_round_trip(roles + R"(
CREATE SCHEMA "Sales Data";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA "Sales Data" GRANT SELECT, INSERT ON TABLES TO "report reader";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" REVOKE USAGE ON TYPES FROM PUBLIC;
)",
                                      R"(CREATE SCHEMA "Sales Data";)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  for (const Step &step : result.plan) CHECK(step.phase == Phase::Contract);
}

TEST_CASE("plan default privileges: a dropped schema's entries go before it") {
  check_round_trip(plan_round_trip(roles + R"(
CREATE SCHEMA "Old Data";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA "Old Data" GRANT SELECT ON TABLES TO "report reader";
)",
                                   ""));
}

TEST_CASE("plan default privileges: grants added, removed and given the grant option") {
  const auto result = plan_round_trip(roles + R"(
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA public GRANT SELECT, DELETE ON TABLES TO "report reader";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA public GRANT USAGE ON SEQUENCES TO "user";
)",
                                      R"(
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO "report reader" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "user";
)");
  check_round_trip(result);
  REQUIRE(result.plan.size() == 2);
  const Step &tables =
      result
          .plan[step_named(result.plan, "change default privileges for role \"App Owner\" in schema public on TABLES")];
  CHECK(tables.phase == Phase::Expand);
  CHECK(tables.up ==
        std::vector<std::string>{
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"App Owner\" IN SCHEMA public REVOKE DELETE ON TABLES FROM \"report "
            "reader\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"App Owner\" IN SCHEMA public REVOKE SELECT ON TABLES FROM \"report "
            "reader\"",
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"App Owner\" IN SCHEMA public GRANT INSERT, SELECT ON TABLES TO "
            "\"report reader\" WITH GRANT OPTION"});
}

TEST_CASE("plan default privileges: new objects start from the default privileges the plan sets") {
  // The role running the plan creates the objects; its default privileges
  // apply to them.
  check_round_trip(plan_round_trip(roles, R"(
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO "report reader";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON TYPES TO "user";
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO "user";
CREATE SEQUENCE counted;
CREATE SEQUENCE "Private Counter";
REVOKE USAGE ON SEQUENCE "Private Counter" FROM "report reader";
CREATE TYPE mood AS ENUM ('ok');
CREATE DOMAIN "Positive" AS int CHECK (VALUE > 0);
REVOKE USAGE ON DOMAIN "Positive" FROM "user";
CREATE SCHEMA "New Place";
)"));
}

TEST_CASE("plan default privileges: new objects get their grants whichever entries are in effect when they are made") {
  // The entry is reset in the contract phase, after the sequence and type
  // are created while it still applies; the other role's entry never
  // applies to objects the plan's own role creates.
  check_round_trip(plan_round_trip(roles + R"(
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON SEQUENCES TO "report reader";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON TYPES TO "report reader";
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA public GRANT UPDATE ON SEQUENCES TO "user";
)",
                                   R"(
ALTER DEFAULT PRIVILEGES FOR ROLE "App Owner" IN SCHEMA public GRANT UPDATE ON SEQUENCES TO "user";
CREATE SEQUENCE fresh;
CREATE SEQUENCE "Granted";
GRANT UPDATE ON SEQUENCE "Granted" TO "user";
CREATE TYPE mood AS ENUM ('ok');
)"));
}
