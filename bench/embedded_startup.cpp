// How long the embedded PostgreSQL takes to be ready: initdb, server start,
// first accepted connection. Not a test: it reports, it never fails on time.
//
//   build/bench/embedded_startup [RUNS]

#include "bench_process.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/embedded_cluster.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

int benchmark(int argc, char **argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  std::vector<double> start_ms;
  std::vector<double> stop_ms;
  for (int run = 0; run < runs; ++run) {
    const auto begin = std::chrono::steady_clock::now();
    schemadiff::pg::EmbeddedCluster cluster;
    const auto ready = std::chrono::steady_clock::now();
    cluster.stop();
    const auto gone = std::chrono::steady_clock::now();
    start_ms.push_back(std::chrono::duration<double, std::milli>(ready - begin).count());
    stop_ms.push_back(std::chrono::duration<double, std::milli>(gone - ready).count());
  }
  const auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  fmt::print("embedded PostgreSQL, {} runs\n", runs);
  fmt::print("start (initdb + server + first connection): median {:.0f} ms, min {:.0f} ms, max {:.0f} ms\n",
             median(start_ms), *std::min_element(start_ms.begin(), start_ms.end()),
             *std::max_element(start_ms.begin(), start_ms.end()));
  fmt::print("stop and remove: median {:.0f} ms\n", median(stop_ms));
  fmt::print("target: start under 2000 ms -> {}\n", median(start_ms) < 2000 ? "met" : "NOT met");
  return 0;
}

int main(int argc, char **argv) { return schemadiff::bench::run_reporting_errors(benchmark, argc, argv); }
