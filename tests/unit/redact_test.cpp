#include "schemadiff/pg/redact.hpp"

#include <catch2/catch.hpp>

using schemadiff::pg::redact_secrets;

TEST_CASE("the password of a URL is redacted") {
  CHECK(redact_secrets("postgresql://app:s3cret@db.internal:5432/app") == "postgresql://app:***@db.internal:5432/app");
  CHECK(redact_secrets("cannot connect to postgres://u:p%40ss@h/db: refused") == "cannot connect to postgres://u:***@h/db: refused");
}

TEST_CASE("a URL without a password is left as it is") {
  CHECK(redact_secrets("postgresql://app@db.internal/app") == "postgresql://app@db.internal/app");
  CHECK(redact_secrets("postgresql:///app?host=/tmp") == "postgresql:///app?host=/tmp");
}

TEST_CASE("a password query parameter is redacted") {
  CHECK(redact_secrets("postgresql://h/db?user=a&password=topsecret&sslmode=require") ==
        "postgresql://h/db?user=a&password=***&sslmode=require");
}

TEST_CASE("key=value passwords are redacted, quoted or not, in any case") {
  CHECK(redact_secrets("host=h password=hunter2 dbname=x") == "host=h password=*** dbname=x");
  CHECK(redact_secrets("host=h password = 'two words' dbname=x") == "host=h password = *** dbname=x");
  CHECK(redact_secrets("host=h PASSWORD='it\\'s' dbname=x") == "host=h PASSWORD=*** dbname=x");
  CHECK(redact_secrets("PGPASSWORD=abc psql") == "PGPASSWORD=*** psql");
}

TEST_CASE("text that only mentions passwords is untouched") {
  CHECK(redact_secrets("password authentication failed for user \"app\"") ==
        "password authentication failed for user \"app\"");
  CHECK(redact_secrets("old_password_hash=abc") == "old_password_hash=abc");
}
