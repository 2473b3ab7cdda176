// bench/schema_files: reading a large schema directory into the model,
// split into its stages: parse (libpg_query), order (dependency graph),
// load (shadow database) and introspect. Not a test: it reports.
//
//   build/bench/schema_files [N]       default: 1000

#include "synthetic_schema.hpp"

#include "bench_process.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"
#include "schemadiff/source/desired_schema.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

int benchmark(int argc, char **argv) {
  const int tables = argc > 1 ? std::atoi(argv[1]) : 1000;
  schemadiff::pg::EmbeddedCluster cluster;
  const std::filesystem::path directory = cluster.directory() / "schema";
  for (const auto &file : schemadiff::bench::synthetic_schema(tables)) {
    std::filesystem::create_directories((directory / file.name).parent_path());
    std::ofstream(directory / file.name) << file.sql;
  }
  schemadiff::source::DesiredSchemaTimings spent;
  const auto catalog = schemadiff::source::read_desired_schema(directory, cluster.conninfo(), &spent);
  const double total = spent.parse_ms + spent.order_ms + spent.load_ms + spent.introspect_ms;
  fmt::print("schema files: {} tables ({} in the model)\n", tables, catalog.tables.size());
  fmt::print("| parse | order | load | introspect | total |\n|---|---|---|---|---|\n");
  fmt::print("| {:.0f} ms | {:.0f} ms | {:.0f} ms | {:.0f} ms | {:.0f} ms |\n", spent.parse_ms, spent.order_ms,
             spent.load_ms, spent.introspect_ms, total);
  return 0;
}

int main(int argc, char **argv) { return schemadiff::bench::run_reporting_errors(benchmark, argc, argv); }
