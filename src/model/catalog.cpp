#include "schemadiff/model/catalog.hpp"

#include <algorithm>
#include <tuple>

namespace schemadiff::model {

namespace {

template <typename Item> const Item *find_named(const std::vector<Item> &items, std::string_view name) {
  const auto found = std::find_if(items.begin(), items.end(), [&](const Item &item) { return item.name == name; });
  return found == items.end() ? nullptr : &*found;
}

} // namespace

const Column *Table::column(std::string_view wanted) const { return find_named(columns, wanted); }
const Constraint *Table::constraint(std::string_view wanted) const { return find_named(constraints, wanted); }

bool Catalog::same_schema(const Catalog &other) const {
  const auto objects = [](const Catalog &c) {
    return std::tie(c.schemas, c.extensions, c.collations, c.enums, c.domains, c.composite_types, c.range_types,
                    c.sequences, c.tables, c.indexes, c.views, c.materialized_views, c.routines, c.aggregates,
                    c.triggers, c.policies, c.default_privileges);
  };
  return objects(*this) == objects(other);
}

} // namespace schemadiff::model
