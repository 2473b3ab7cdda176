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

bool Table::operator==(const Table &other) const {
  const auto own = [](const Table &t) {
    return std::tie(t.name, t.unlogged, t.partition_key, t.partition_of, t.constraints, t.options, t.row_security,
                    t.force_row_security, t.comment, t.privileges);
  };
  const auto by_name = [](std::vector<Column> columns) {
    std::sort(columns.begin(), columns.end(), [](const Column &a, const Column &b) { return a.name < b.name; });
    return columns;
  };
  return own(*this) == own(other) && by_name(columns) == by_name(other.columns);
}

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
