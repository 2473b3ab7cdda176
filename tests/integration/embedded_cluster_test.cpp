#include "schemadiff/error.hpp"
#include "schemadiff/pg/database_admin.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"
#include "schemadiff/pg/server_binaries.hpp"

#include "support/scratch_directory.hpp"
#include "support/test_database.hpp"

#include <signal.h>

#include <fstream>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::Error;
using schemadiff::pg::EmbeddedCluster;
using schemadiff::pg::EmbeddedClusterOptions;
using schemadiff::testing::ScratchDirectory;
using schemadiff::testing::TestDatabase;

namespace {

bool process_alive(pid_t pid) { return pid > 0 && kill(pid, 0) == 0; }

std::string message_of(const EmbeddedClusterOptions &options) {
  try {
    EmbeddedCluster cluster(options);
  } catch (const Error &error) {
    return error.describe();
  }
  return "no error";
}

} // namespace

TEST_CASE("the embedded cluster accepts connections on its private socket and is gone after stop") {
  const ScratchDirectory temp;
  EmbeddedClusterOptions options;
  options.temp_root = temp.path();
  std::filesystem::path directory;
  pid_t server = 0;
  {
    EmbeddedCluster cluster(options);
    directory = cluster.directory();
    server = cluster.server_pid();
    CHECK(directory.parent_path() == temp.path());
    CHECK(process_alive(server));
    CHECK(cluster.server_version_num() >= 130000);
    CHECK(std::filesystem::exists(directory / ".s.PGSQL.5432"));

    pqxx::connection connection(cluster.conninfo());
    pqxx::nontransaction work(connection);
    CHECK(work.exec1("SHOW listen_addresses")[0].as<std::string>().empty());
    CHECK(work.exec1("SHOW fsync")[0].as<std::string>() == "off");
    CHECK(work.exec1("SHOW full_page_writes")[0].as<std::string>() == "off");
    CHECK(work.exec1("SHOW synchronous_commit")[0].as<std::string>() == "off");
  }
  CHECK_FALSE(process_alive(server));
  CHECK_FALSE(std::filesystem::exists(directory));
  CHECK(std::filesystem::is_empty(temp.path()));
}

TEST_CASE("databases are created on demand and dropped") {
  const ScratchDirectory temp;
  EmbeddedClusterOptions options;
  options.temp_root = temp.path();
  EmbeddedCluster cluster(options);
  const std::string conninfo = cluster.create_database("Odd \"Name\"");
  {
    pqxx::connection connection(conninfo);
    pqxx::nontransaction work(connection);
    CHECK(work.exec1("SELECT current_database()")[0].as<std::string>() == "Odd \"Name\"");
  }
  cluster.drop_database("Odd \"Name\"");
  CHECK_THROWS_AS(pqxx::connection(conninfo), pqxx::broken_connection);
}

TEST_CASE("creating a database that exists is an error naming it") {
  const TestDatabase database;
  try {
    schemadiff::pg::create_database(schemadiff::testing::shared_cluster_conninfo(), database.name());
    FAIL("expected an error");
  } catch (const Error &error) {
    CHECK_THAT(error.what(), Catch::Contains(database.name()) && Catch::Contains("already exists"));
  }
}

TEST_CASE("each test gets a database of its own on the shared cluster") {
  const TestDatabase first;
  const TestDatabase second;
  CHECK(first.name() != second.name());
  first.execute("CREATE TABLE only_in_first (id int)");
  CHECK(first.query_value("SELECT count(*) FROM pg_class WHERE relname = 'only_in_first'") == "1");
  CHECK(second.query_value("SELECT count(*) FROM pg_class WHERE relname = 'only_in_first'") == "0");
}

TEST_CASE("missing server programs are an error that names the package, and leave nothing behind") {
  const ScratchDirectory temp;
  EmbeddedClusterOptions options;
  options.temp_root = temp.path();
  options.pg_bin = temp.path() / "no-server-here";
  CHECK_THAT(message_of(options), Catch::Contains("apt-get install postgresql"));
  CHECK(std::filesystem::is_empty(temp.path()));
}

TEST_CASE("a socket path too long for a unix socket is refused before anything is created") {
  const ScratchDirectory temp;
  const std::filesystem::path deep = temp.path() / std::string(120, 'd');
  std::filesystem::create_directories(deep);
  EmbeddedClusterOptions options;
  options.temp_root = deep;
  const std::string message = message_of(options);
  CHECK_THAT(message, Catch::Contains("unix socket") && Catch::Contains("TMPDIR"));
  CHECK(std::filesystem::is_empty(deep));
}

TEST_CASE("a server that cannot start is reported with its log, and leaves nothing behind") {
  const ScratchDirectory temp;
  // initdb is the real one; postgres fails the way a socket it cannot
  // create would make it fail.
  const std::filesystem::path bindir = temp.path() / "bin";
  std::filesystem::create_directories(bindir);
  std::filesystem::create_symlink(schemadiff::pg::find_server_binaries() / "initdb", bindir / "initdb");
  temp.write("bin/postgres", "#!/bin/sh\necho 'FATAL:  could not create any Unix-domain sockets' >&2\nexit 1\n");
  std::filesystem::permissions(bindir / "postgres", std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                                        std::filesystem::perms::others_read |
                                                        std::filesystem::perms::others_exec);
  const std::filesystem::path root = temp.path() / "tmp";
  std::filesystem::create_directories(root);
  std::filesystem::permissions(root, std::filesystem::perms::all);
  EmbeddedClusterOptions options;
  options.temp_root = root;
  options.pg_bin = bindir;
  const std::string message = message_of(options);
  CHECK_THAT(message, Catch::Contains("stopped during start-up") &&
                          Catch::Contains("could not create any Unix-domain sockets"));
  CHECK(std::filesystem::is_empty(root));
}
