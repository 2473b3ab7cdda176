#include "schemadiff/error.hpp"
#include "schemadiff/pg/server_binaries.hpp"

#include "support/scratch_directory.hpp"

#include <catch2/catch.hpp>

using schemadiff::Error;
using schemadiff::pg::find_server_binaries;
using schemadiff::pg::ServerSearch;
using schemadiff::testing::ScratchDirectory;

namespace {

void fake_server(const ScratchDirectory &root, const std::string &bindir) {
  root.write(bindir + "/initdb", "");
  root.write(bindir + "/postgres", "");
}

} // namespace

TEST_CASE("the newest installed major version is chosen, by number") {
  const ScratchDirectory root;
  fake_server(root, "9.6/bin");
  fake_server(root, "13/bin");
  fake_server(root, "15/bin");
  root.write("17/bin/psql", ""); // a client-only install has no server
  ServerSearch search;
  search.pg_config = "false";
  search.versions_root = root.path();
  CHECK(find_server_binaries(search) == root.path() / "15/bin");
}

TEST_CASE("a configured directory is used alone") {
  const ScratchDirectory root;
  fake_server(root, "custom");
  fake_server(root, "17/bin");
  ServerSearch search;
  search.configured = root.path() / "custom";
  search.versions_root = root.path();
  CHECK(find_server_binaries(search) == root.path() / "custom");
}

TEST_CASE("a configured directory without the server is an error that names the package") {
  const ScratchDirectory root;
  ServerSearch search;
  search.configured = root.path() / "nothing-here";
  REQUIRE_THROWS_AS(find_server_binaries(search), Error);
  try {
    find_server_binaries(search);
  } catch (const Error &error) {
    CHECK_THAT(error.what(), Catch::Contains("nothing-here"));
    CHECK_THAT(error.hint(), Catch::Contains("apt-get install postgresql"));
  }
}

TEST_CASE("no server anywhere is an error that names the package") {
  const ScratchDirectory root;
  ServerSearch search;
  search.pg_config = "/nonexistent/pg_config";
  search.versions_root = root.path();
  try {
    find_server_binaries(search);
    FAIL("expected an error");
  } catch (const Error &error) {
    CHECK_THAT(error.hint(), Catch::Contains("apt-get install postgresql"));
  }
}
