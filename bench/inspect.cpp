// bench/inspect: how long `schemadiff inspect` takes on a large catalog,
// against the floor (psql running the very same catalog queries into
// /dev/null) and against `pg_dump --schema-only`, all in the same run on
// the same embedded server. Not a test: it reports ratios, it never fails
// on time.
//
//   build/bench/inspect [N ...]        default: 1000 5000

#include "bench_process.hpp"
#include "synthetic_schema.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"
#include "schemadiff/pg/server_binaries.hpp"
#include "schemadiff/source/introspect.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

namespace {

using schemadiff::bench::CommandCost;
using schemadiff::bench::median_of;

void load(const std::string &conninfo, const std::vector<std::string> &batches) {
  PGconn *connection = PQconnectdb(conninfo.c_str());
  for (const std::string &batch : batches) {
    PGresult *result = PQexec(connection, batch.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string error = PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) {
      PQfinish(connection);
      throw std::runtime_error("loading the synthetic schema failed: " + error);
    }
  }
  PQfinish(connection);
}

std::string floor_script(const schemadiff::pg::EmbeddedCluster &cluster, const std::string &path) {
  std::ofstream out(path);
  out << "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET LOCAL search_path = pg_catalog;\n";
  for (const auto &query : schemadiff::source::catalog_queries(cluster.server_version_num())) {
    out << "-- " << query.kind << "\n" << query.sql << ";\n";
  }
  out << "COMMIT;\n";
  return path;
}

} // namespace

int benchmark(int argc, char **argv) {
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1000, 5000};
  const std::string schemadiff_bin = SCHEMADIFF_BIN;
  const std::string bindir = schemadiff::pg::find_server_binaries().string();

  schemadiff::pg::EmbeddedCluster cluster;
  const std::string script = floor_script(cluster, cluster.directory().string() + "/floor.sql");
  constexpr int runs = 3;
  fmt::print("| N tables | inspect (json) | floor: psql, same queries | inspect / floor | pg_dump --schema-only | "
             "inspect / pg_dump | inspect peak RSS |\n|---|---|---|---|---|---|---|\n");
  for (const int n : sizes) {
    const std::string database = fmt::format("bench_{}", n);
    const std::string conninfo = cluster.create_database(database);
    load(conninfo, schemadiff::bench::synthetic_schema_batches(n));
    load(conninfo, {"VACUUM ANALYZE"});
    const CommandCost inspect = median_of(runs, {schemadiff_bin, "inspect", "--db", conninfo, "--format", "json"});
    const CommandCost floor = median_of(runs, {bindir + "/psql", "-X", "-q", "-d", conninfo, "-f", script});
    const CommandCost dump = median_of(runs, {bindir + "/pg_dump", "--schema-only", "-d", conninfo});
    fmt::print("| {} | {:.0f} ms | {:.0f} ms | {:.2f}x | {:.0f} ms | {:.2f}x | {:.1f} MB |\n", n, inspect.wall_ms,
               floor.wall_ms, inspect.wall_ms / floor.wall_ms, dump.wall_ms, inspect.wall_ms / dump.wall_ms,
               inspect.peak_rss_mb);
    cluster.drop_database(database);
  }
  return 0;
}

int main(int argc, char **argv) { return schemadiff::bench::run_reporting_errors(benchmark, argc, argv); }
