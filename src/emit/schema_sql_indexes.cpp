#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

struct PlacedIndex {
  const model::Index *index;
  int depth; // of its table in its partition tree
};

// Partitions' indexes first, then their parents'. pg_get_indexdef writes a
// partitioned table's index "ON ONLY", which creates it alone; ATTACH
// PARTITION then joins the partitions' indexes to it, keeping their names.
// Should a definition lack ONLY, the parent's CREATE INDEX adopts the
// matching indexes already on the partitions and the ATTACH does nothing.
std::vector<PlacedIndex> indexes_on(const model::Catalog &catalog, IndexedRelation on) {
  std::vector<PlacedIndex> placed;
  for (const auto &[name, index] : catalog.indexes) {
    // A constraint's index comes and goes with the constraint.
    if (index.constraint || key_constraint_of(catalog, index) != nullptr) continue;
    const bool on_matview = catalog.materialized_views.contains(index.table);
    if (on_matview != (on == IndexedRelation::MaterializedViews)) continue;
    placed.push_back({&index, partition_depth(catalog, index.table)});
  }
  std::stable_sort(placed.begin(), placed.end(), [](const PlacedIndex &a, const PlacedIndex &b) {
    return std::tie(b.depth, a.index->name) < std::tie(a.depth, b.index->name);
  });
  return placed;
}

} // namespace

void render_indexes(const model::Catalog &catalog, SchemaScript &script, IndexedRelation on) {
  for (const PlacedIndex &item : indexes_on(catalog, on)) {
    script.add("index " + qualified(item.index->name), {without_terminator(item.index->definition)});
  }
  if (on != IndexedRelation::Tables) return;

  // A constraint's ADD CONSTRAINT on the parent has already adopted the
  // partitions' keys. Deepest first: a sub-partitioned table's index
  // becomes valid, and can make its parent's valid, once its own
  // partitions' indexes are attached.
  std::vector<PlacedIndex> attached;
  for (const auto &[name, index] : catalog.indexes) {
    if (!index.parent_index) continue;
    const auto parent = catalog.indexes.find(*index.parent_index);
    if (parent != catalog.indexes.end() && key_constraint_of(catalog, parent->second) != nullptr) continue;
    attached.push_back({&index, partition_depth(catalog, index.table)});
  }
  std::stable_sort(attached.begin(), attached.end(),
                   [](const PlacedIndex &a, const PlacedIndex &b) { return a.depth > b.depth; });
  for (const PlacedIndex &item : attached) {
    const std::string parent = qualified(*item.index->parent_index);
    const std::string child = qualified(item.index->name);
    script.add(fmt::format("index {} attached to {}", child, parent),
               {fmt::format("ALTER INDEX {} ATTACH PARTITION {}", parent, child)});
  }
}

} // namespace schemadiff::emit
