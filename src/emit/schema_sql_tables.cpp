#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/plan/ddl/tables.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/graph/topological_order.hpp"

#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::emit {

int partition_depth(const model::Catalog &catalog, const model::QualifiedName &table) {
  int depth = 0;
  auto found = catalog.tables.find(table);
  // Bounded by the number of tables, should a hand-built catalog loop.
  while (found != catalog.tables.end() && found->second.partition_of &&
         depth < static_cast<int>(catalog.tables.size())) {
    ++depth;
    found = catalog.tables.find(found->second.partition_of->parent);
  }
  return depth;
}

void render_tables(const model::Catalog &catalog, SchemaScript &script) {
  std::vector<const model::Table *> tables;
  std::map<model::QualifiedName, std::size_t> position;
  for (const auto &[name, table] : catalog.tables) {
    position.emplace(name, tables.size());
    tables.push_back(&table);
  }
  std::vector<std::vector<std::size_t>> depends_on(tables.size());
  for (std::size_t node = 0; node < tables.size(); ++node) {
    if (!tables[node]->partition_of) continue;
    const auto parent = position.find(tables[node]->partition_of->parent);
    if (parent != position.end()) depends_on[node].push_back(parent->second);
  }
  const graph::TopologicalOrder order = graph::topological_order(depends_on);
  if (!order.cycle.empty()) {
    std::string path;
    for (const std::size_t node : order.cycle) path += qualified(tables[node]->name) + " -> ";
    path += qualified(tables[order.cycle.front()]->name);
    throw Error("the catalog's tables are partitions of each other in a cycle", "tables " + path);
  }
  for (const std::size_t node : order.order) {
    const model::Table &table = *tables[node];
    script.add((table.partition_of ? "partition " : "table ") + qualified(table.name), {plan::ddl::create_table(catalog, table)});
  }
}

} // namespace schemadiff::emit
