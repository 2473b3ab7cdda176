#include "schemadiff/pg/quote.hpp"

#include <catch2/catch.hpp>

using schemadiff::pg::quote_ident;
using schemadiff::pg::quote_literal;
using schemadiff::pg::quote_qualified;

TEST_CASE("quote_ident leaves plain lower-case names bare") {
  CHECK(quote_ident("users") == "users");
  CHECK(quote_ident("_private2") == "_private2");
  CHECK(quote_ident("account_id") == "account_id");
}

TEST_CASE("quote_ident quotes what PostgreSQL would fold or reject") {
  CHECK(quote_ident("Users") == "\"Users\"");
  CHECK(quote_ident("first name") == "\"first name\"");
  CHECK(quote_ident("2fa") == "\"2fa\"");
  CHECK(quote_ident("price$") == "\"price$\"");
  CHECK(quote_ident("") == "\"\"");
  CHECK(quote_ident("café") == "\"café\"");
}

TEST_CASE("quote_ident quotes reserved and type-name keywords but not unreserved ones") {
  CHECK(quote_ident("select") == "\"select\"");
  CHECK(quote_ident("user") == "\"user\"");
  CHECK(quote_ident("order") == "\"order\"");
  CHECK(quote_ident("timestamp") == "\"timestamp\"");
  CHECK(quote_ident("json_table") == "\"json_table\"");
  CHECK(quote_ident("name") == "name");
  CHECK(quote_ident("action") == "action");
}

TEST_CASE("quote_ident doubles embedded double quotes") {
  CHECK(quote_ident("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("quote_qualified quotes each part on its own") {
  CHECK(quote_qualified("public", "Order Items") == "public.\"Order Items\"");
  CHECK(quote_qualified("My Schema", "t") == "\"My Schema\".t");
}

TEST_CASE("quote_literal doubles single quotes") {
  CHECK(quote_literal("plain") == "'plain'");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("") == "''");
}

TEST_CASE("quote_literal writes an E string when the value holds a backslash") {
  CHECK(quote_literal("C:\\path") == "E'C:\\\\path'");
  CHECK(quote_literal("a\\'b") == "E'a\\\\''b'");
}
