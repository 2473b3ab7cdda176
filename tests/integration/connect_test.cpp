#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"

#include <fstream>

#include <catch2/catch.hpp>
#include <pqxx/pqxx>

using schemadiff::pg::EmbeddedCluster;
using schemadiff::testing::ScratchDirectory;

namespace {

// A cluster of its own whose role "app" must give the password "right":
// the shared cluster trusts every local connection.
struct PasswordCluster {
  ScratchDirectory temp;
  std::unique_ptr<EmbeddedCluster> cluster;

  PasswordCluster() {
    schemadiff::pg::EmbeddedClusterOptions options;
    options.temp_root = temp.path();
    cluster = std::make_unique<EmbeddedCluster>(options);
    pqxx::connection connection(cluster->conninfo());
    pqxx::nontransaction work(connection);
    work.exec0("CREATE ROLE app LOGIN PASSWORD 'right'");
    std::ofstream(cluster->directory() / "data" / "pg_hba.conf") << "local all postgres trust\n"
                                                                    "local all all scram-sha-256\n";
    work.exec("SELECT pg_reload_conf()");
  }

  std::string as_app(const std::string &password) const {
    return EmbeddedCluster::conninfo_for(cluster->directory(), "postgres") + " user=app password=" + password;
  }
};

} // namespace

TEST_CASE("a wrong password is refused with a message that does not show it") {
  const PasswordCluster server;
  try {
    schemadiff::pg::connect(server.as_app("wr0ng-secret"));
    FAIL("expected an error");
  } catch (const schemadiff::Error &error) {
    const std::string message = error.describe();
    CHECK_THAT(message, Catch::Contains("password authentication failed for user \"app\""));
    CHECK_THAT(message, Catch::Contains("password=***"));
    CHECK_THAT(message, !Catch::Contains("wr0ng-secret"));
  }
  CHECK_NOTHROW(schemadiff::pg::connect(server.as_app("right")));
}

TEST_CASE("the command line reports a wrong password with exit 2 and without the password") {
  const PasswordCluster server;
  const ScratchDirectory here;
  const auto result = schemadiff::testing::run_schemadiff(
      {{"inspect", "--db", server.as_app("wr0ng-secret")}, {{"DATABASE_URL", ""}}, here.path()});
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Catch::Contains("password authentication failed") && !Catch::Contains("wr0ng-secret"));
}
