#include "plan/kinds/type_change.hpp"

#include <catch2/catch.hpp>

using schemadiff::plan::kinds::type_change_rewrites;

TEST_CASE("binary coercible type changes do not rewrite the table") {
  CHECK_FALSE(type_change_rewrites("character varying(10)", "character varying(20)"));
  CHECK_FALSE(type_change_rewrites("character varying(10)", "character varying"));
  CHECK_FALSE(type_change_rewrites("character varying(10)", "text"));
  CHECK_FALSE(type_change_rewrites("text", "character varying"));
  CHECK_FALSE(type_change_rewrites("numeric(10,2)", "numeric(12,2)"));
  CHECK_FALSE(type_change_rewrites("numeric(10,2)", "numeric"));
  CHECK_FALSE(type_change_rewrites("bit varying(4)", "bit varying(8)"));
  CHECK_FALSE(type_change_rewrites("cidr", "inet"));
}

TEST_CASE("other type changes rewrite the table") {
  CHECK(type_change_rewrites("integer", "bigint"));
  CHECK(type_change_rewrites("character varying(20)", "character varying(10)"));
  CHECK(type_change_rewrites("text", "character varying(10)"));
  CHECK(type_change_rewrites("numeric(12,2)", "numeric(12,3)"));
  CHECK(type_change_rewrites("numeric(12,2)", "numeric(10,2)"));
  CHECK(type_change_rewrites("numeric", "numeric(12,2)"));
  CHECK(type_change_rewrites("timestamp without time zone", "timestamp with time zone"));
  CHECK(type_change_rewrites("text", "integer"));
  CHECK(type_change_rewrites("character varying(10)[]", "character varying(20)[]"));
}
