#include "schemadiff/diff/ignore_pattern.hpp"
#include "schemadiff/error.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using diff::glob_matches;
using diff::ignores;
using diff::parse_ignore_pattern;
using model::ObjectKind;
using model::ObjectRef;

TEST_CASE("a glob's * matches any run of characters and ? any one") {
  CHECK(glob_matches("*", ""));
  CHECK(glob_matches("*", "anything"));
  CHECK(glob_matches("tmp_*", "tmp_"));
  CHECK(glob_matches("tmp_*", "tmp_orders"));
  CHECK_FALSE(glob_matches("tmp_*", "orders_tmp"));
  CHECK(glob_matches("*_tmp", "orders_tmp"));
  CHECK(glob_matches("a*b*c", "a_b_b_c"));
  CHECK_FALSE(glob_matches("a*b*c", "a_b_b_d"));
  CHECK(glob_matches("t?", "t1"));
  CHECK_FALSE(glob_matches("t?", "t"));
  CHECK_FALSE(glob_matches("t?", "t12"));
  CHECK(glob_matches("users", "users"));
  CHECK_FALSE(glob_matches("users", "Users"));
  CHECK_FALSE(glob_matches("", "x"));
}

TEST_CASE("a glob's escaped star matches only a star") {
  CHECK(glob_matches("a\\*", "a*"));
  CHECK_FALSE(glob_matches("a\\*", "ab"));
  CHECK(glob_matches("a\\?", "a?"));
  CHECK_FALSE(glob_matches("a\\?", "ab"));
}

TEST_CASE("a glob with many stars does not take exponential time") {
  const std::string text(2000, 'a');
  CHECK_FALSE(glob_matches("*a*a*a*a*a*a*a*a*a*a*b", text));
}

TEST_CASE("ignore patterns split on dots outside double quotes") {
  CHECK(parse_ignore_pattern("audit.*").parts == std::vector<std::string>{"audit", "*"});
  CHECK(parse_ignore_pattern("public.users.legacy_*").parts == std::vector<std::string>{"public", "users", "legacy_*"});
  // Quoted: literal, dots and stars included; "" is one quote.
  CHECK(parse_ignore_pattern("\"Sales.Dept\".*").parts == std::vector<std::string>{"Sales.Dept", "*"});
  CHECK(parse_ignore_pattern("public.\"a*\"").parts == std::vector<std::string>{"public", "a\\*"});
  CHECK(parse_ignore_pattern("public.\"say \"\"hi\"\"\"").parts == std::vector<std::string>{"public", "say \"hi\""});
}

TEST_CASE("malformed ignore patterns are errors that name the pattern") {
  for (const std::string text : {"audit", "", "public.", ".users", "a..b", "a.b.c.d", "\"open.*"}) {
    INFO(text);
    try {
      parse_ignore_pattern(text);
      FAIL("no error");
    } catch (const Error &error) {
      CHECK_THAT(error.where(), Catch::Contains("\"" + text + "\""));
      CHECK_THAT(error.hint(), Catch::Contains("audit.*"));
    }
  }
}

TEST_CASE("a schema pattern ignores the schema and everything in it") {
  const auto audit = parse_ignore_pattern("audit.*");
  CHECK(ignores(audit, ObjectRef{ObjectKind::Schema, "audit", "", ""}));
  CHECK(ignores(audit, ObjectRef{ObjectKind::Table, "audit", "log", ""}));
  CHECK(ignores(audit, ObjectRef{ObjectKind::Column, "audit", "log", "at"}));
  CHECK(ignores(audit, ObjectRef{ObjectKind::Routine, "audit", "f", "a integer"}));
  CHECK_FALSE(ignores(audit, ObjectRef{ObjectKind::Schema, "audit_old", "", ""}));
  CHECK_FALSE(ignores(audit, ObjectRef{ObjectKind::Table, "public", "audit", ""}));
}

TEST_CASE("an object pattern ignores matching objects and their members, not the schema") {
  const auto tmp = parse_ignore_pattern("public.tmp_*");
  CHECK(ignores(tmp, ObjectRef{ObjectKind::Table, "public", "tmp_import", ""}));
  CHECK(ignores(tmp, ObjectRef{ObjectKind::Column, "public", "tmp_import", "id"}));
  CHECK(ignores(tmp, ObjectRef{ObjectKind::Trigger, "public", "tmp_import", "touch"}));
  CHECK(ignores(tmp, ObjectRef{ObjectKind::Routine, "public", "tmp_fix", "n integer"}));
  CHECK_FALSE(ignores(tmp, ObjectRef{ObjectKind::Schema, "public", "", ""}));
  CHECK_FALSE(ignores(tmp, ObjectRef{ObjectKind::Table, "public", "users", ""}));
  CHECK_FALSE(ignores(tmp, ObjectRef{ObjectKind::Table, "other", "tmp_import", ""}));
}

TEST_CASE("a three-part pattern ignores members of a table, never the table") {
  const auto legacy = parse_ignore_pattern("public.users.legacy_*");
  CHECK(ignores(legacy, ObjectRef{ObjectKind::Column, "public", "users", "legacy_name"}));
  CHECK(ignores(legacy, ObjectRef{ObjectKind::Constraint, "public", "users", "legacy_check"}));
  CHECK(ignores(legacy, ObjectRef{ObjectKind::Policy, "public", "users", "legacy_read"}));
  CHECK_FALSE(ignores(legacy, ObjectRef{ObjectKind::Column, "public", "users", "name"}));
  CHECK_FALSE(ignores(legacy, ObjectRef{ObjectKind::Table, "public", "users", ""}));
  // A routine's member is its arguments, not a name a pattern can state.
  CHECK_FALSE(ignores(legacy, ObjectRef{ObjectKind::Routine, "public", "users", "legacy_x"}));
}
