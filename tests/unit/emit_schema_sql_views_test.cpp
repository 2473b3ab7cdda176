// The SQL views, materialized views, triggers, row level security and
// policies render to.

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

model::Trigger trigger(std::string name, model::TriggerEnabled enabled) {
  model::Trigger made;
  made.key = {{"public", "order"}, name};
  made.definition = "CREATE TRIGGER \"" + name +
                    "\" AFTER INSERT ON public.\"order\" FOR EACH ROW EXECUTE FUNCTION "
                    "public.audit()";
  made.function = "public.audit";
  made.enabled = enabled;
  return made;
}

} // namespace

TEST_CASE("emit sql: a view is created with its options from its stored definition") {
  model::Catalog catalog;
  model::View view;
  view.name = {"public", "Open Orders"};
  view.definition = " SELECT o.id,\n    o.\"user\"\n   FROM public.\"order\" o\n  WHERE (o.total > 0);";
  view.options = {"check_option=local", "security_barrier=true"};
  view.columns = {"id", "user"};
  view.column_comments = {{"user", "who ordered"}};
  view.comment = "orders not paid";
  view.privileges = {{"report", "SELECT", false}};
  catalog.views[view.name] = view;
  CHECK(body(catalog) == "-- view public.\"Open Orders\"\n"
                         "CREATE VIEW public.\"Open Orders\" WITH (check_option=local, security_barrier=true) AS\n"
                         " SELECT o.id,\n"
                         "    o.\"user\"\n"
                         "   FROM public.\"order\" o\n"
                         "  WHERE (o.total > 0);\n"
                         "\n"
                         "-- comments on view public.\"Open Orders\"\n"
                         "COMMENT ON VIEW public.\"Open Orders\" IS 'orders not paid';\n"
                         "COMMENT ON COLUMN public.\"Open Orders\".\"user\" IS 'who ordered';\n"
                         "\n"
                         "-- privileges on view public.\"Open Orders\"\n"
                         "GRANT SELECT ON TABLE public.\"Open Orders\" TO report;\n");
}

TEST_CASE("emit sql: a materialized view says whether it holds data; its indexes follow it") {
  model::Catalog catalog;
  model::MaterializedView totals;
  totals.name = {"public", "totals"};
  totals.definition = " SELECT 1 AS one;";
  totals.populated = false;
  totals.comment = "filled nightly";
  catalog.materialized_views[totals.name] = totals;
  model::MaterializedView filled = totals;
  filled.name = {"public", "filled"};
  filled.populated = true;
  filled.options = {"fillfactor=50"};
  filled.comment.reset();
  catalog.materialized_views[filled.name] = filled;
  model::Index index;
  index.name = {"public", "totals_one"};
  index.table = totals.name;
  index.definition = "CREATE UNIQUE INDEX totals_one ON public.totals USING btree (one)";
  catalog.indexes[index.name] = index;
  CHECK(body(catalog) == "-- materialized view public.filled\n"
                         "CREATE MATERIALIZED VIEW public.filled WITH (fillfactor=50) AS\n"
                         " SELECT 1 AS one\n"
                         "WITH DATA;\n"
                         "\n"
                         "-- materialized view public.totals\n"
                         "CREATE MATERIALIZED VIEW public.totals AS\n"
                         " SELECT 1 AS one\n"
                         "WITH NO DATA;\n"
                         "\n"
                         "-- index public.totals_one\n"
                         "CREATE UNIQUE INDEX totals_one ON public.totals USING btree (one);\n"
                         "\n"
                         "-- comments on materialized view public.totals\n"
                         "COMMENT ON MATERIALIZED VIEW public.totals IS 'filled nightly';\n");
}

TEST_CASE("emit sql: a trigger is its stored definition, then its firing state when not the default") {
  model::Catalog catalog;
  for (const auto &made :
       {trigger("a fires", model::TriggerEnabled::Origin), trigger("b off", model::TriggerEnabled::Disabled),
        trigger("c replica", model::TriggerEnabled::Replica), trigger("d always", model::TriggerEnabled::Always)}) {
    catalog.triggers[made.key] = made;
  }
  catalog.triggers[{{"public", "order"}, "b off"}].comment = "paused";
  const std::string sql = body(catalog);
  CHECK_THAT(sql, Catch::StartsWith(
                      "-- trigger \"a fires\" on public.\"order\"\n"
                      "CREATE TRIGGER \"a fires\" AFTER INSERT ON public.\"order\" FOR EACH ROW EXECUTE FUNCTION "
                      "public.audit();\n"
                      "\n"
                      "-- trigger \"b off\" on public.\"order\"\n"
                      "CREATE TRIGGER \"b off\" AFTER INSERT ON public.\"order\" FOR EACH ROW EXECUTE FUNCTION "
                      "public.audit();\n"
                      "ALTER TABLE public.\"order\" DISABLE TRIGGER \"b off\";\n"));
  CHECK_THAT(sql, Catch::Contains("ALTER TABLE public.\"order\" ENABLE REPLICA TRIGGER \"c replica\";\n"));
  CHECK_THAT(sql, Catch::Contains("ALTER TABLE public.\"order\" ENABLE ALWAYS TRIGGER \"d always\";\n"));
  CHECK_THAT(sql, Catch::EndsWith("-- comments on trigger \"b off\" on public.\"order\"\n"
                                  "COMMENT ON TRIGGER \"b off\" ON public.\"order\" IS 'paused';\n"));
}

TEST_CASE("emit sql: row level security and policies") {
  model::Catalog catalog;
  model::Table account;
  account.name = {"public", "account"};
  account.row_security = true;
  account.force_row_security = true;
  catalog.tables[account.name] = account;
  model::Policy own;
  own.key = {account.name, "own rows"};
  own.permissive = false;
  own.command = "UPDATE";
  own.roles = {"PUBLIC", "user"};
  own.using_expression = "(owner = CURRENT_USER)";
  own.check_expression = "(owner = CURRENT_USER)";
  own.comment = "mine";
  catalog.policies[own.key] = own;
  model::Policy all;
  all.key = {account.name, "all"};
  catalog.policies[all.key] = all;
  CHECK_THAT(body(catalog), Catch::Contains("-- row level security on public.account\n"
                                            "ALTER TABLE public.account ENABLE ROW LEVEL SECURITY;\n"
                                            "ALTER TABLE public.account FORCE ROW LEVEL SECURITY;\n"
                                            "\n"
                                            "-- policy \"all\" on public.account\n"
                                            "CREATE POLICY \"all\" ON public.account\n"
                                            "    AS PERMISSIVE\n"
                                            "    FOR ALL;\n"
                                            "\n"
                                            "-- policy \"own rows\" on public.account\n"
                                            "CREATE POLICY \"own rows\" ON public.account\n"
                                            "    AS RESTRICTIVE\n"
                                            "    FOR UPDATE\n"
                                            "    TO PUBLIC, \"user\"\n"
                                            "    USING ((owner = CURRENT_USER))\n"
                                            "    WITH CHECK ((owner = CURRENT_USER));\n"
                                            "\n"
                                            "-- comments on policy \"own rows\" on public.account\n"
                                            "COMMENT ON POLICY \"own rows\" ON public.account IS 'mine';\n"));
}
