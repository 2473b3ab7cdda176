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

using schemadiff::plan::kinds::type_change_narrows;

namespace {

constexpr int pg15 = 150000;
constexpr int pg16 = 160000;

std::string predicate_of(const std::string &from, const std::string &to, int version = pg15) {
  const auto narrowing = type_change_narrows(from, to, "c", version);
  REQUIRE(narrowing);
  REQUIRE(narrowing->predicate);
  return *narrowing->predicate;
}

} // namespace

TEST_CASE("narrowing: changes every value survives are not narrowing") {
  CHECK_FALSE(type_change_narrows("character varying(10)", "character varying(20)", "c", pg15));
  CHECK_FALSE(type_change_narrows("character varying(20)", "character varying(20)", "c", pg15));
  CHECK_FALSE(type_change_narrows("character varying(10)", "text", "c", pg15));
  CHECK_FALSE(type_change_narrows("text", "character varying", "c", pg15));
  CHECK_FALSE(type_change_narrows("character(4)", "character varying(4)", "c", pg15));
  CHECK_FALSE(type_change_narrows("integer", "bigint", "c", pg15));
  CHECK_FALSE(type_change_narrows("smallint", "integer", "c", pg15));
  CHECK_FALSE(type_change_narrows("integer", "numeric(10,0)", "c", pg15));
  CHECK_FALSE(type_change_narrows("integer", "numeric", "c", pg15));
  CHECK_FALSE(type_change_narrows("numeric(10,2)", "numeric(12,2)", "c", pg15));
  CHECK_FALSE(type_change_narrows("numeric(10,2)", "numeric(12,4)", "c", pg15));
  CHECK_FALSE(type_change_narrows("numeric(10,2)", "numeric", "c", pg15));
  CHECK_FALSE(type_change_narrows("timestamp without time zone", "timestamp with time zone", "c", pg15));
  CHECK_FALSE(type_change_narrows("timestamp(6) without time zone", "timestamp(3) without time zone", "c", pg15));
  CHECK_FALSE(type_change_narrows("integer", "text", "c", pg15));
  CHECK_FALSE(type_change_narrows("text", "public.citext", "c", pg15));
}

TEST_CASE("narrowing: a shorter length limit counts the longer values, which the cast truncates") {
  CHECK(predicate_of("character varying(100)", "character varying(20)") == "length(c) > 20");
  CHECK(predicate_of("text", "character varying(20)") == "length(c) > 20");
  CHECK(predicate_of("character varying", "character(3)") == "length(c) > 3");
  CHECK(predicate_of("character(10)", "character varying(5)") == "length(c) > 5");
  CHECK(type_change_narrows("character varying(100)", "character varying(20)", "\"Note\"", pg15)->outcome ==
        "the up truncates them to 20 characters");
  CHECK(*type_change_narrows("character varying(100)", "character varying(20)", "\"Note\"", pg15)->predicate ==
        "length(\"Note\") > 20");
}

TEST_CASE("narrowing: fewer digits or decimal places count the values that overflow or round") {
  CHECK(predicate_of("numeric(10,2)", "numeric(6,2)") == "c <> 'NaN' AND abs(round(c, 2)) >= 1e4");
  CHECK(predicate_of("numeric(10,3)", "numeric(10,2)") == "c <> 'NaN' AND round(c, 2) <> c");
  CHECK(predicate_of("numeric(12,2)", "numeric(12,3)") == "c <> 'NaN' AND abs(round(c, 3)) >= 1e9");
  CHECK(predicate_of("numeric", "numeric(6,2)") == "c <> 'NaN' AND (round(c, 2) <> c OR abs(round(c, 2)) >= 1e4)");
  CHECK(predicate_of("bigint", "numeric(12,2)") == "abs(c::numeric) >= 1e10");
  const auto both = type_change_narrows("numeric", "numeric(6,2)", "c", pg15);
  CHECK(both->outcome == "the up rounds them to 2 decimal places and fails on values of 5 or more integer digits");
}

TEST_CASE("narrowing: a smaller integer type counts the values out of its range") {
  CHECK(predicate_of("bigint", "integer") == "c NOT BETWEEN -2147483648 AND 2147483647");
  CHECK(predicate_of("integer", "smallint") == "c NOT BETWEEN -32768 AND 32767");
  CHECK(predicate_of("bigint", "smallint") == "c NOT BETWEEN -32768 AND 32767");
  CHECK(predicate_of("numeric(12,2)", "integer") == "NOT (c = round(c) AND c BETWEEN -2147483648 AND 2147483647)");
  CHECK(predicate_of("double precision", "bigint") ==
        "NOT (c = round(c) AND c BETWEEN -9223372036854775808 AND 9223372036854775807)");
}

TEST_CASE("narrowing: a cast from text is checked by pg_input_is_valid from PostgreSQL 16") {
  CHECK(predicate_of("text", "integer", pg16) == "NOT pg_input_is_valid(c, 'integer')");
  CHECK(predicate_of("character varying(40)", "public.\"Mood\"", pg16) ==
        "NOT pg_input_is_valid(c, 'public.\"Mood\"')");
  CHECK(predicate_of("text", "numeric(6,2)", pg16) == "NOT pg_input_is_valid(c, 'numeric(6,2)')");
}

TEST_CASE("narrowing: before PostgreSQL 16 a cast from text to an integer is checked by syntax and range, others not") {
  CHECK(
      predicate_of("text", "smallint") ==
      "CASE WHEN c ~ E'^\\\\s*[+-]?[0-9]+\\\\s*$' THEN c::numeric NOT BETWEEN -32768 AND 32767 ELSE c IS NOT NULL END");
  const auto date = type_change_narrows("text", "date", "c", pg15);
  REQUIRE(date);
  CHECK_FALSE(date->predicate);
  CHECK(date->uncountable.find("pg_input_is_valid") != std::string::npos);
  CHECK(date->outcome == "the up fails on them: they do not cast to date");
}
