// What apply writes in Flyway's history table: the checksums are Java's
// CRC-32 over BufferedReader.readLine's lines, as Flyway computes them
// (the expected values were printed by java.util.zip.CRC32 on JDK 17).

#include "schemadiff/emit/flyway_history.hpp"

#include <catch2/catch.hpp>

using schemadiff::emit::flyway_checksum;
using schemadiff::emit::flyway_description;
using schemadiff::emit::flyway_version;
using schemadiff::emit::flyway_version_parts;

TEST_CASE("Flyway's checksum is Java's CRC-32 of the lines without their endings, as a signed integer") {
  CHECK(flyway_checksum("") == 0);
  CHECK(flyway_checksum("SELECT 1;\n") == 78787420);
  CHECK(flyway_checksum("SELECT 1;\nSELECT 2;") == -1665099012);
  // Line endings never count: CRLF, a lone CR and blank lines alike.
  CHECK(flyway_checksum("SELECT 1;\r\nSELECT 2;\r\n") == -1665099012);
  CHECK(flyway_checksum("a\rb\n\nc") == 891568578);
  // A leading byte-order mark is dropped, other UTF-8 is hashed as bytes.
  CHECK(flyway_checksum("\xEF\xBB\xBF"
                        "CREATE TABLE t (id int);\n\n-- caf\xC3\xA9\n") == -1189720273);
  CHECK(flyway_checksum("SELECT 1;\n") != flyway_checksum("SELECT 2;\n"));
}

TEST_CASE("Flyway's version and description come from the script's name") {
  CHECK(flyway_version("generated/V20261202101500__add_nickname.sql") == "20261202101500");
  CHECK(flyway_version("V1_2__x.sql") == "1.2");
  CHECK(flyway_version("U3__x.sql") == "3");
  CHECK(flyway_version("R__views.sql").empty());
  CHECK(flyway_description("generated/V20261202101500__add_nickname_expand.sql") == "add nickname expand");
  CHECK(flyway_description("R__refresh_views.sql") == "refresh views");
}

TEST_CASE("Flyway versions compare by their numbers: 1, 1.0 and 01 are one version") {
  CHECK(flyway_version_parts("1") == flyway_version_parts("1.0"));
  CHECK(flyway_version_parts("01") == flyway_version_parts("1"));
  CHECK(*flyway_version_parts("1.2") < *flyway_version_parts("1.10"));
  CHECK(*flyway_version_parts("2") > *flyway_version_parts("1.9"));
  CHECK_FALSE(flyway_version_parts("1.x"));
  CHECK_FALSE(flyway_version_parts(""));
  CHECK_FALSE(flyway_version_parts("1..2"));
}
