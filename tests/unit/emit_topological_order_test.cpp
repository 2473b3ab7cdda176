#include "schemadiff/graph/topological_order.hpp"

#include <catch2/catch.hpp>

using schemadiff::graph::topological_order;
using Dependencies = std::vector<std::vector<std::size_t>>;

TEST_CASE("emit: topological_order keeps the given order when nothing depends on anything") {
  const auto result = topological_order(Dependencies(4));
  CHECK(result.order == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(result.cycle.empty());
}

TEST_CASE("emit: topological_order puts a node after what it depends on and moves nothing else") {
  // 0 depends on 2; 1 and 3 stay where they were relative to each other.
  const auto result = topological_order({{2}, {}, {}, {}});
  CHECK(result.order == std::vector<std::size_t>{1, 2, 0, 3});
}

TEST_CASE("emit: topological_order follows chains and shared dependencies") {
  const auto result = topological_order({{1}, {2}, {}, {0, 2}});
  CHECK(result.order == std::vector<std::size_t>{2, 1, 0, 3});
}

TEST_CASE("emit: topological_order reports a cycle instead of looping") {
  // 1 -> 2 -> 3 -> 1, with 0 free and 4 waiting on the cycle.
  const auto result = topological_order({{}, {2}, {3}, {1}, {1}});
  CHECK(result.order.empty());
  CHECK(result.cycle == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("emit: topological_order reports a node that depends on itself") {
  const auto result = topological_order({{}, {1}});
  CHECK(result.cycle == std::vector<std::size_t>{1});
}
