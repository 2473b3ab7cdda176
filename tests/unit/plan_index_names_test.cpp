#include "schemadiff/plan/ddl/fragments.hpp"

#include <catch2/catch.hpp>

using schemadiff::plan::ddl::with_index_name;
using schemadiff::plan::ddl::within_name_limit;

TEST_CASE("an index definition is renamed right after CREATE [UNIQUE] INDEX") {
  CHECK(with_index_name("CREATE INDEX users_email_idx ON public.users USING btree (email)", "users_email_idx_swap") ==
        "CREATE INDEX users_email_idx_swap ON public.users USING btree (email)");
  CHECK(with_index_name("CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)", "New Name") ==
        "CREATE UNIQUE INDEX \"New Name\" ON public.users USING btree (id)");
}

TEST_CASE("a quoted index name ends at its closing quote, doubled quotes and spaces included") {
  CHECK(with_index_name("CREATE INDEX \"a \"\"b\"\" ON c\" ON public.t USING btree (x)", "d") ==
        "CREATE INDEX d ON public.t USING btree (x)");
}

TEST_CASE("a name is cut to the byte limit without splitting a UTF-8 character") {
  CHECK(within_name_limit("short", 63) == "short");
  CHECK(within_name_limit("abcdef", 4) == "abcd");
  // "ñ" is two bytes (c3 b1): a cut between them moves before the character.
  CHECK(within_name_limit("compañía", 5) == "compa");
  CHECK(within_name_limit("compañía", 6) == "compa");
  CHECK(within_name_limit("compañía", 7) == "compañ");
  // A three-byte character (€: e2 82 ac) is never split either.
  CHECK(within_name_limit("ab€", 4) == "ab");
  CHECK(within_name_limit("ab€", 5) == "ab€");
}
