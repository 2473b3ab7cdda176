// The SQL functions, procedures, aggregates and their grants render to.

#include "schemadiff/emit/schema_sql.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using emit::render_schema_sql;

namespace {

const std::string preamble = "-- settings for loading this file\n"
                             "SET check_function_bodies = false;\n"
                             "SELECT pg_catalog.set_config('search_path', '', false);\n";

std::string body(const model::Catalog &catalog) {
  const std::string sql = render_schema_sql(catalog);
  REQUIRE(sql.substr(0, preamble.size()) == preamble);
  return sql.size() == preamble.size() ? "" : sql.substr(preamble.size() + 1);
}

model::Aggregate aggregate(model::RoutineKey key, std::string arguments) {
  model::Aggregate made;
  made.key = std::move(key);
  made.arguments = std::move(arguments);
  made.state_function = "int8inc";
  made.state_type = "bigint";
  made.privileges = {{"PUBLIC", "EXECUTE", false}};
  return made;
}

} // namespace

TEST_CASE("emit sql: a function is its stored definition, ended with a semicolon") {
  model::Catalog catalog;
  model::Routine routine;
  routine.key = {"public", "Add", "a integer, \"user\" integer"};
  routine.definition = "CREATE OR REPLACE FUNCTION public.\"Add\"(a integer, \"user\" integer)\n RETURNS integer\n"
                       " LANGUAGE sql\nAS $function$select a + \"user\"$function$\n";
  routine.comment = "adds";
  routine.privileges = {{"PUBLIC", "EXECUTE", false}};
  catalog.routines[routine.key] = routine;
  CHECK(body(catalog) == "-- function public.\"Add\"(a integer, \"user\" integer)\n"
                         "CREATE OR REPLACE FUNCTION public.\"Add\"(a integer, \"user\" integer)\n"
                         " RETURNS integer\n"
                         " LANGUAGE sql\n"
                         "AS $function$select a + \"user\"$function$;\n"
                         "\n"
                         "-- comments on function public.\"Add\"(a integer, \"user\" integer)\n"
                         "COMMENT ON FUNCTION public.\"Add\"(a integer, \"user\" integer) IS 'adds';\n");
}

TEST_CASE("emit sql: a routine without EXECUTE for PUBLIC revokes the default; other grants follow") {
  model::Catalog catalog;
  model::Routine routine;
  routine.key = {"app", "purge", "IN days integer"};
  routine.kind = model::RoutineKind::Procedure;
  routine.definition = "CREATE OR REPLACE PROCEDURE app.purge(IN days integer)\n LANGUAGE sql\nAS $procedure$select 1"
                       "$procedure$";
  routine.privileges = {{"admin", "EXECUTE", true}, {"user", "EXECUTE", false}};
  catalog.routines[routine.key] = routine;
  CHECK_THAT(body(catalog), Catch::EndsWith("-- privileges on procedure app.purge(IN days integer)\n"
                                            "REVOKE EXECUTE ON PROCEDURE app.purge(IN days integer) FROM PUBLIC;\n"
                                            "GRANT EXECUTE ON PROCEDURE app.purge(IN days integer) TO admin WITH "
                                            "GRANT OPTION;\n"
                                            "GRANT EXECUTE ON PROCEDURE app.purge(IN days integer) TO \"user\";\n"));
}

TEST_CASE("emit sql: an aggregate is created from its parts") {
  model::Catalog catalog;
  model::Aggregate sum = aggregate({"public", "my sum", "numeric"}, "numeric");
  sum.state_function = "public.sum_step";
  sum.state_type = "internal";
  sum.final_function = "public.sum_final";
  sum.final_function_extra = true;
  sum.combine_function = "public.sum_combine";
  sum.serial_function = "public.sum_serial";
  sum.deserial_function = "public.sum_deserial";
  sum.initial_condition = "{0,'a'}";
  sum.sort_operator = "public.<<<";
  sum.parallel = "r";
  sum.comment = "a sum";
  catalog.aggregates[sum.key] = sum;
  CHECK(body(catalog) == "-- aggregate public.\"my sum\"(numeric)\n"
                         "CREATE AGGREGATE public.\"my sum\"(numeric) (\n"
                         "    SFUNC = public.sum_step,\n"
                         "    STYPE = internal,\n"
                         "    FINALFUNC = public.sum_final,\n"
                         "    FINALFUNC_EXTRA,\n"
                         "    COMBINEFUNC = public.sum_combine,\n"
                         "    SERIALFUNC = public.sum_serial,\n"
                         "    DESERIALFUNC = public.sum_deserial,\n"
                         "    INITCOND = '{0,''a''}',\n"
                         "    SORTOP = OPERATOR(public.<<<),\n"
                         "    PARALLEL = RESTRICTED\n"
                         ");\n"
                         "\n"
                         "-- comments on aggregate public.\"my sum\"(numeric)\n"
                         "COMMENT ON AGGREGATE public.\"my sum\"(numeric) IS 'a sum';\n");
}

TEST_CASE("emit sql: aggregates without arguments and ordered-set aggregates keep their own argument forms") {
  model::Catalog catalog;
  model::Aggregate count = aggregate({"public", "tally", ""}, "");
  count.sort_operator = ">";
  count.privileges = {};
  catalog.aggregates[count.key] = count;
  model::Aggregate rank = aggregate({"public", "my_rank", "VARIADIC \"any\" ORDER BY VARIADIC \"any\""},
                                    "VARIADIC \"any\" ORDER BY VARIADIC \"any\"");
  rank.kind = 'h';
  rank.parallel = "s";
  rank.privileges = {};
  catalog.aggregates[rank.key] = rank;
  model::Aggregate median = aggregate({"public", "median", "ORDER BY double precision"}, "ORDER BY double precision");
  median.kind = 'o';
  median.privileges = {};
  catalog.aggregates[median.key] = median;
  const std::string sql = body(catalog);
  CHECK_THAT(sql, Catch::Contains("CREATE AGGREGATE public.tally(*) (\n"
                                  "    SFUNC = int8inc,\n"
                                  "    STYPE = bigint,\n"
                                  "    SORTOP = >\n"
                                  ");\n"));
  CHECK_THAT(sql, Catch::Contains("CREATE AGGREGATE public.my_rank(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (\n"
                                  "    SFUNC = int8inc,\n"
                                  "    STYPE = bigint,\n"
                                  "    PARALLEL = SAFE,\n"
                                  "    HYPOTHETICAL\n"
                                  ");\n"));
  CHECK_THAT(sql, Catch::Contains("CREATE AGGREGATE public.median(ORDER BY double precision) (\n"));
  // GRANT and REVOKE name an aggregate by its argument types alone.
  CHECK_THAT(sql, Catch::Contains("REVOKE EXECUTE ON FUNCTION public.tally() FROM PUBLIC;\n"));
  CHECK_THAT(sql, Catch::Contains("REVOKE EXECUTE ON FUNCTION public.median(double precision) FROM PUBLIC;\n"));
  // A hypothetical-set aggregate's variadic halves are one argument.
  CHECK_THAT(sql, Catch::Contains("REVOKE EXECUTE ON FUNCTION public.my_rank(VARIADIC \"any\") FROM PUBLIC;\n"));
}

TEST_CASE("emit sql: default privileges add to a schema's, and replace the built-in ones globally") {
  model::Catalog catalog;
  catalog.default_privileges[{"app", "", 'f'}] = {{"app", "", 'f'}, {{"app", "EXECUTE", false}}};
  catalog.default_privileges[{"app", "Reports", 'r'}] = {
      {"app", "Reports", 'r'}, {{"reader", "SELECT", false}, {"writer", "INSERT", true}, {"writer", "UPDATE", true}}};
  CHECK(body(catalog) == "-- default privileges for role app on FUNCTIONS\n"
                         "ALTER DEFAULT PRIVILEGES FOR ROLE app REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n"
                         "\n"
                         "-- default privileges for role app in schema \"Reports\" on TABLES\n"
                         "ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA \"Reports\" GRANT SELECT ON TABLES TO "
                         "reader;\n"
                         "ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA \"Reports\" GRANT INSERT, UPDATE ON TABLES "
                         "TO writer WITH GRANT OPTION;\n");
}
