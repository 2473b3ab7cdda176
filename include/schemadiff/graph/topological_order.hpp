#pragma once
// Dependency order for any list of objects: views after what they read,
// types after the types they mention, partitions after their parents.
// Stable, so that the same catalog always gives the same order; a cycle is
// reported, never looped on.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

namespace schemadiff::graph {

struct TopologicalOrder {
  // Every node, each after the nodes it depends on; empty when there is a cycle.
  std::vector<std::size_t> order;
  // When not empty: one cycle, each node depending on the next and the last
  // on the first. A node that depends on itself is a cycle of one.
  std::vector<std::size_t> cycle;
};

// `depends_on[i]` lists the nodes (indices into `depends_on`) that node i must
// come after. Of the nodes ready at the same time the lowest (group, index)
// comes first — `group` is empty or holds one number per node — so nodes
// keep their given order wherever dependencies allow.
inline TopologicalOrder topological_order(const std::vector<std::vector<std::size_t>> &depends_on,
                                          const std::vector<int> &group = {}) {
  const std::size_t count = depends_on.size();
  std::vector<std::size_t> waiting(count, 0);
  std::vector<std::vector<std::size_t>> dependents(count);
  for (std::size_t node = 0; node < count; ++node) {
    for (const std::size_t dependency : depends_on[node]) {
      ++waiting[node];
      dependents[dependency].push_back(node);
    }
  }

  using Rank = std::pair<int, std::size_t>;
  const auto rank = [&](std::size_t node) { return Rank{group.empty() ? 0 : group[node], node}; };
  std::priority_queue<Rank, std::vector<Rank>, std::greater<>> ready;
  for (std::size_t node = 0; node < count; ++node) {
    if (waiting[node] == 0) ready.push(rank(node));
  }
  TopologicalOrder result;
  while (!ready.empty()) {
    const std::size_t next = ready.top().second;
    ready.pop();
    result.order.push_back(next);
    for (const std::size_t dependent : dependents[next]) {
      if (--waiting[dependent] == 0) ready.push(rank(dependent));
    }
  }
  if (result.order.size() == count) return result;

  // Every node left waits for another node left, so walking from the lowest
  // one along its first waiting dependency must come back to a node seen.
  std::vector<std::size_t> position(count, count); // on the walk: where
  std::size_t node = 0;
  while (waiting[node] == 0) ++node;
  std::vector<std::size_t> walk;
  while (position[node] == count) {
    position[node] = walk.size();
    walk.push_back(node);
    const auto &dependencies = depends_on[node];
    node = *std::find_if(dependencies.begin(), dependencies.end(),
                         [&](std::size_t dependency) { return waiting[dependency] != 0; });
  }
  result.cycle.assign(walk.begin() + static_cast<std::ptrdiff_t>(position[node]), walk.end());
  result.order.clear();
  return result;
}

} // namespace schemadiff::graph
