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
