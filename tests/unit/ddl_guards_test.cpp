// The guards that make a migration file safe to run again.

#include "schemadiff/plan/ddl/fragments.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;

TEST_CASE("ddl guards: CREATE statements get IF NOT EXISTS, others stay as they are") {
  CHECK(plan::ddl::if_not_exists("CREATE TABLE public.t (a int)") == "CREATE TABLE IF NOT EXISTS public.t (a int)");
  CHECK(plan::ddl::if_not_exists("CREATE UNLOGGED TABLE public.t (a int)") ==
        "CREATE UNLOGGED TABLE IF NOT EXISTS public.t (a int)");
  CHECK(plan::ddl::if_not_exists("CREATE UNIQUE INDEX i ON public.t USING btree (a)") ==
        "CREATE UNIQUE INDEX IF NOT EXISTS i ON public.t USING btree (a)");
  CHECK(plan::ddl::if_not_exists("CREATE SEQUENCE public.s") == "CREATE SEQUENCE IF NOT EXISTS public.s");
  CHECK(plan::ddl::if_not_exists("CREATE SCHEMA app") == "CREATE SCHEMA IF NOT EXISTS app");
  CHECK(plan::ddl::if_not_exists("CREATE MATERIALIZED VIEW public.m AS SELECT 1 WITH DATA") ==
        "CREATE MATERIALIZED VIEW IF NOT EXISTS public.m AS SELECT 1 WITH DATA");
  CHECK(plan::ddl::if_not_exists("CREATE COLLATION public.c (provider = icu)") ==
        "CREATE COLLATION IF NOT EXISTS public.c (provider = icu)");
  // Never twice.
  CHECK(plan::ddl::if_not_exists("CREATE SCHEMA IF NOT EXISTS app") == "CREATE SCHEMA IF NOT EXISTS app");
  CHECK(plan::ddl::if_not_exists("CREATE VIEW public.v AS SELECT 1") == "CREATE VIEW public.v AS SELECT 1");
  CHECK(plan::ddl::concurrently("CREATE INDEX i ON public.t USING btree (a)") ==
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON public.t USING btree (a)");
}

TEST_CASE("ddl guards: a statement without IF NOT EXISTS runs only when its object is missing") {
  const std::string guarded = plan::ddl::unless_exists(plan::ddl::constraint_exists({"public", "t"}, "c"),
                                                       "ALTER TABLE public.t ADD CONSTRAINT c CHECK (a > 0) NOT VALID");
  CHECK(guarded ==
        "DO $schemadiff_guard$\nBEGIN\n  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = "
        "to_regclass('public.t') AND conname = 'c') THEN\n    ALTER TABLE public.t ADD CONSTRAINT c CHECK (a "
        "> 0) NOT VALID;\n  END IF;\nEND\n$schemadiff_guard$");
  // A statement holding the tag gets another.
  CHECK_THAT(plan::ddl::unless_exists("SELECT 1", "SELECT '$schemadiff_guard$'"),
             Catch::StartsWith("DO $schemadiff_guard_1$"));
}

TEST_CASE("ddl guards: an INVALID leftover is dropped, with a short lock wait, and only when INVALID") {
  const std::string cleanup = plan::ddl::invalid_index_cleanup({"public", "i"}, "1s");
  CHECK_THAT(cleanup, Catch::Contains("indexrelid = to_regclass('public.i') AND NOT indisvalid") &&
                          Catch::Contains("SET LOCAL lock_timeout = '1s';\n    DROP INDEX public.i;"));
  CHECK_THAT(plan::ddl::only_while(plan::ddl::relation_exists({"public", "tmp"}), {"SELECT 1", "SELECT 2"}),
             Catch::Contains("IF to_regclass('public.tmp') IS NOT NULL THEN\n    SELECT 1;\n    SELECT 2;\n"));
}

TEST_CASE("ddl guards: views and aggregates are created OR REPLACE, other statements stay as they are") {
  CHECK(plan::ddl::or_replace("CREATE VIEW public.v AS\nSELECT 1") == "CREATE OR REPLACE VIEW public.v AS\nSELECT 1");
  CHECK(plan::ddl::or_replace("CREATE RECURSIVE VIEW public.r (n) AS SELECT 1") ==
        "CREATE OR REPLACE RECURSIVE VIEW public.r (n) AS SELECT 1");
  CHECK(plan::ddl::or_replace("CREATE AGGREGATE public.total(integer) (SFUNC = f, STYPE = integer)") ==
        "CREATE OR REPLACE AGGREGATE public.total(integer) (SFUNC = f, STYPE = integer)");
  CHECK(plan::ddl::or_replace("CREATE MATERIALIZED VIEW public.m AS SELECT 1") ==
        "CREATE MATERIALIZED VIEW public.m AS SELECT 1");
  CHECK(plan::ddl::or_replace("CREATE TABLE public.\"VIEW \" (a int)") == "CREATE TABLE public.\"VIEW \" (a int)");
}

TEST_CASE("ddl guards: a drop gets IF EXISTS after its kind words, whatever the name looks like") {
  CHECK(plan::ddl::drop_if_exists("VIEW public.v") == "DROP VIEW IF EXISTS public.v");
  CHECK(plan::ddl::drop_if_exists("MATERIALIZED VIEW public.m") == "DROP MATERIALIZED VIEW IF EXISTS public.m");
  CHECK(plan::ddl::drop_if_exists("TRIGGER t ON public.x") == "DROP TRIGGER IF EXISTS t ON public.x");
  CHECK(plan::ddl::drop_if_exists("POLICY \"ON\" ON \"TABLE\".\"VIEW\"") ==
        "DROP POLICY IF EXISTS \"ON\" ON \"TABLE\".\"VIEW\"");
  CHECK(plan::ddl::drop_if_exists("FUNCTION public.f(a integer, VARIADIC b text[])") ==
        "DROP FUNCTION IF EXISTS public.f(a integer, VARIADIC b text[])");
  CHECK(plan::ddl::drop_if_exists("AGGREGATE public.counted(*)") == "DROP AGGREGATE IF EXISTS public.counted(*)");
  CHECK(plan::ddl::drop_if_exists("SCHEMA \"Order\"") == "DROP SCHEMA IF EXISTS \"Order\"");
}

TEST_CASE("ddl guards: the existence queries name the object by literal, never by concatenated name") {
  CHECK(plan::ddl::type_exists({"Sales 'Q'", "mood"}) ==
        "SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'Sales ''Q''' AND "
        "t.typname = 'mood'");
  CHECK(plan::ddl::trigger_exists({{"public", "t"}, "it's"}) ==
        "SELECT FROM pg_trigger WHERE tgrelid = to_regclass('public.t') AND tgname = 'it''s'");
  CHECK(plan::ddl::policy_exists({{"public", "T"}, "p"}) ==
        "SELECT FROM pg_policy WHERE polrelid = to_regclass('public.\"T\"') AND polname = 'p'");
  CHECK_THAT(plan::ddl::column_exists({"public", "t"}, "a"),
             Catch::Contains("attrelid = to_regclass('public.t') AND attname = 'a' AND NOT attisdropped"));
  CHECK_THAT(plan::ddl::nothing_depends_on({"public", "v"}),
             Catch::StartsWith("NOT EXISTS (SELECT FROM pg_depend d WHERE d.deptype = 'n'") &&
                 Catch::Contains("to_regclass('public.v')"));
}
