#include "dependency_order.hpp"

#include "foreign_key_split.hpp"
#include "statement_names.hpp"
#include "statement_rules.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/graph/topological_order.hpp"

#include <algorithm>
#include <map>
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
    std::vector<std::vector<std::size_t>> depends_on(nodes.size());
    for (std::size_t first = 0; first < after.size(); ++first) {
      for (const std::size_t then : after[first]) depends_on[then].push_back(first);
    }
    // Ties go to the earliest statement in file order.
    const graph::TopologicalOrder order = graph::topological_order(depends_on);
    if (order.cycle.empty()) {
      std::vector<SourceStatement> ordered;
      ordered.reserve(order.order.size());
      for (const std::size_t i : order.order) ordered.push_back(std::move(nodes[i].statement));
      return ordered;
    }
    if (!break_foreign_key_cycle(nodes, order.cycle, files)) report_cycle(nodes, order.cycle);
  }
}

} // namespace schemadiff::source
