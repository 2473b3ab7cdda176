#include "dependency_order.hpp"

#include "foreign_key_split.hpp"
#include "statement_names.hpp"
#include "statement_rules.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <set>

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

struct GraphNode {
  SourceStatement statement;
  StatementNames names;
  bool keys_moved = false; // its inline foreign keys now live in their own statements
};

using Edges = std::vector<std::set<std::size_t>>; // node -> the nodes that must come after it

Edges build_edges(const std::vector<GraphNode> &nodes) {
  std::map<ObjectName, std::vector<std::size_t>> providers;
  std::vector<std::size_t> extensions;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const ObjectName &name : nodes[i].names.provides) providers[name].push_back(i);
    if (nodes[i].names.is_extension) extensions.push_back(i);
  }
  Edges after(nodes.size());
  const auto require = [&](std::size_t node, const ObjectName &name) {
    const auto found = providers.find(name);
    if (found != providers.end()) {
      for (const std::size_t provider : found->second) {
        if (provider != node) after[provider].insert(node);
      }
    } else if (!nodes[node].names.is_extension) {
      // Not created by any file: built in, or provided by an extension.
      for (const std::size_t extension : extensions) after[extension].insert(node);
    }
  };
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const ObjectName &name : nodes[i].names.requires_names) require(i, name);
    if (!nodes[i].keys_moved) {
      for (const InlineForeignKey &key : nodes[i].names.foreign_keys) require(i, key.target);
    }
  }
  return after;
}

// Kahn's algorithm, always taking the earliest ready statement in file
// order. Returns the order, which is short of nodes.size() on a cycle.
std::vector<std::size_t> topological_order(const std::vector<GraphNode> &nodes, const Edges &after) {
  std::vector<int> waiting(nodes.size(), 0);
  for (const auto &targets : after) {
    for (const std::size_t target : targets) ++waiting[target];
  }
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  std::vector<std::size_t> order;
  while (!ready.empty()) {
    const std::size_t next = ready.top();
    ready.pop();
    order.push_back(next);
    for (const std::size_t target : after[next]) {
      if (--waiting[target] == 0) ready.push(target);
    }
  }
  return order;
}

// The strongly connected components (Tarjan) among `remaining` that hold a cycle.
std::vector<std::vector<std::size_t>> cycles_among(const std::set<std::size_t> &remaining, const Edges &after) {
  std::map<std::size_t, int> index;
  std::map<std::size_t, int> low;
  std::vector<std::size_t> stack;
  std::set<std::size_t> on_stack;
  std::vector<std::vector<std::size_t>> components;
  int counter = 0;
  std::function<void(std::size_t)> visit = [&](std::size_t node) {
    index[node] = low[node] = counter++;
    stack.push_back(node);
    on_stack.insert(node);
    for (const std::size_t next : after[node]) {
      if (!remaining.contains(next)) continue;
      if (!index.contains(next)) {
        visit(next);
        low[node] = std::min(low[node], low[next]);
      } else if (on_stack.contains(next)) {
        low[node] = std::min(low[node], index[next]);
      }
    }
    if (low[node] != index[node]) return;
    std::vector<std::size_t> component;
    std::size_t member;
    do {
      member = stack.back();
      stack.pop_back();
      on_stack.erase(member);
      component.push_back(member);
    } while (member != node);
    if (component.size() > 1) {
      std::sort(component.begin(), component.end());
      components.push_back(component);
    }
  };
  for (const std::size_t node : remaining) {
    if (!index.contains(node)) visit(node);
  }
  return components;
}

// Moves the foreign keys of the cycle's CREATE TABLE statements out into
// statements of their own. False when the cycle has none to move.
bool break_foreign_key_cycle(std::vector<GraphNode> &nodes, const std::vector<std::size_t> &cycle,
                             const std::vector<SchemaFile> &files) {
  bool moved_any = false;
  std::vector<GraphNode> added; // appended after the loop: nodes must not move while in use
  for (const std::size_t member : cycle) {
    GraphNode &node = nodes[member];
    if (node.keys_moved || node.names.foreign_keys.empty()) continue;
    const auto file = std::find_if(files.begin(), files.end(),
                                   [&](const SchemaFile &f) { return f.name == node.statement.location.file; });
    std::vector<SourceStatement> moved = split_foreign_keys(node.statement, node.names.foreign_keys, *file);
    for (std::size_t k = 0; k < moved.size(); ++k) {
      GraphNode alter{std::move(moved[k]), StatementNames{}, true};
      alter.names.requires_names = {node.names.provides.front(), node.names.foreign_keys[k].target};
      added.push_back(std::move(alter));
    }
    node.keys_moved = true;
    moved_any = true;
  }
  for (GraphNode &node : added) nodes.push_back(std::move(node));
  return moved_any;
}

[[noreturn]] void report_cycle(const std::vector<GraphNode> &nodes, const std::vector<std::size_t> &cycle) {
  std::string members;
  for (const std::size_t member : cycle) {
    members += fmt::format("\n  {} {}", nodes[member].statement.location.describe(), statement_name(nodes[member].statement));
  }
  throw Error("these statements depend on each other in a cycle that cannot be broken:" + members,
              nodes[cycle.front()].statement.location.describe(),
              "a cycle of foreign keys is broken automatically; other cycles (views, types, functions) must be removed");
}

} // namespace

std::vector<SourceStatement> order_statements(const std::vector<SchemaFile> &files,
                                              std::vector<SourceStatement> statements) {
  std::vector<GraphNode> nodes;
  nodes.reserve(statements.size());
  for (SourceStatement &statement : statements) {
    StatementNames names = names_of(statement);
    nodes.push_back(GraphNode{std::move(statement), std::move(names), false});
  }
  for (;;) {
    const Edges after = build_edges(nodes);
    const std::vector<std::size_t> order = topological_order(nodes, after);
    if (order.size() == nodes.size()) {
      std::vector<SourceStatement> ordered;
      ordered.reserve(order.size());
      for (const std::size_t i : order) ordered.push_back(std::move(nodes[i].statement));
      return ordered;
    }
    std::set<std::size_t> remaining;
    for (std::size_t i = 0; i < nodes.size(); ++i) remaining.insert(i);
    for (const std::size_t placed : order) remaining.erase(placed);
    const auto cycles = cycles_among(remaining, after);
    bool broke = false;
    for (const auto &cycle : cycles) broke = break_foreign_key_cycle(nodes, cycle, files) || broke;
    if (!broke) report_cycle(nodes, cycles.empty() ? std::vector<std::size_t>(remaining.begin(), remaining.end()) : cycles.front());
  }
}

} // namespace schemadiff::source
