#include "schemadiff/cli/config.hpp"
#include "schemadiff/error.hpp"

#include <catch2/catch.hpp>

using schemadiff::Error;
using schemadiff::cli::Config;
using schemadiff::cli::parse_config;

namespace {

// The error's location and message, or "no error".
std::string error_of(const std::string &text) {
  try {
    parse_config(text, "schemadiff.toml");
  } catch (const Error &error) {
    return error.where() + ": " + error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("an empty configuration gives the documented defaults") {
  const Config config = parse_config("", "schemadiff.toml");
  CHECK_FALSE(config.database_url);
  CHECK(config.safety.lock_timeout == "1s");
  CHECK(config.safety.statement_timeout == "0");
  CHECK(config.safety.backfill_batch_rows == 5000);
  CHECK(config.renames.empty());
}

TEST_CASE("every key of the contract is read") {
  const Config config = parse_config(R"(
[database]
url = "postgresql://app@db.internal/app"
dev_url = "postgresql://dev@localhost/dev"

[embedded]
pg_bin = "/usr/lib/postgresql/15/bin"

[renames]
"public.users.name" = "full_name"
"public.accounts"   = "customers"

[backfill]
"public.accounts.nickname" = "'user_' || id"

[safety]
lock_timeout = "2s"
statement_timeout = "10min"
backfill_batch_rows = 1000

[write]
format = "dbmate"

[drift]
ignore = ["audit.*", "public.tmp_*"]
)",
                                     "schemadiff.toml");
  CHECK(config.database_url == "postgresql://app@db.internal/app");
  CHECK(config.dev_url == "postgresql://dev@localhost/dev");
  CHECK(config.pg_bin == std::filesystem::path("/usr/lib/postgresql/15/bin"));
  CHECK(config.renames.at("public.users.name") == "full_name");
  CHECK(config.renames.at("public.accounts") == "customers");
  CHECK(config.backfill.at("public.accounts.nickname") == "'user_' || id");
  CHECK(config.safety == schemadiff::cli::SafetySettings{"2s", "10min", 1000});
  CHECK(config.write_format == "dbmate");
  CHECK(config.drift_ignore == std::vector<std::string>{"audit.*", "public.tmp_*"});
}

TEST_CASE("an unknown key is an error at its line and column") {
  CHECK(error_of("[safety]\nlock_timeout = \"1s\"\n  lock_timout = \"2s\"\n") ==
        "schemadiff.toml:3:3: unknown key 'lock_timout' in [safety]");
}

TEST_CASE("an unknown section is an error at its line") {
  CHECK(error_of("[database]\nurl = \"x\"\n[databse]\nurl = \"y\"\n") == "schemadiff.toml:3:2: unknown section 'databse'");
}

TEST_CASE("malformed TOML is an error at the parser's line and column") {
  const std::string error = error_of("[safety]\nlock_timeout = \"5s\n");
  CHECK_THAT(error, Catch::StartsWith("schemadiff.toml:2:"));
}

TEST_CASE("a value of the wrong type is an error at the value") {
  CHECK(error_of("[safety]\nbackfill_batch_rows = \"many\"\n") ==
        "schemadiff.toml:2:23: safety.backfill_batch_rows must be a positive integer");
  CHECK(error_of("[safety]\nbackfill_batch_rows = 0\n") ==
        "schemadiff.toml:2:23: safety.backfill_batch_rows must be a positive integer");
  CHECK(error_of("[database]\nurl = 5\n") == "schemadiff.toml:2:7: database.url must be a string");
  CHECK(error_of("[renames]\n\"public.a\" = 1\n") == "schemadiff.toml:2:14: renames.\"public.a\" must be a string");
  CHECK(error_of("database = 1\n") == "schemadiff.toml:1:1: 'database' must be a table ([database])");
}

TEST_CASE("a timeout that is not a duration is an error at the value, before any SQL is written") {
  CHECK(error_of("[safety]\nlock_timeout = \"1s'; DROP TABLE users; --\"\n") ==
        "schemadiff.toml:2:16: safety.lock_timeout must be a duration such as \"1s\", \"500ms\" or \"0\" (no limit)");
  CHECK(error_of("[safety]\nstatement_timeout = \"soon\"\n")
            .starts_with("schemadiff.toml:2:21: safety.statement_timeout"));
  CHECK(error_of("[safety]\nlock_timeout = \"500ms\"\nstatement_timeout = \"2 min\"\n") == "no error");
}
