#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/plan/ddl/types.hpp"
#include "schemadiff/graph/topological_order.hpp"

#include <algorithm>

namespace schemadiff::emit {

using plan::ddl::create_collation;
using plan::ddl::create_composite;
using plan::ddl::create_enum;
using plan::ddl::create_range;

namespace {

// A range, domain or composite type: these may use one another, so they
// are written in the order of the type names their definitions mention.
struct DependentType {
  model::QualifiedName name;
  std::string kind;
  std::vector<std::string> texts; // where other types' names may appear
  std::string statement;
};

std::vector<DependentType> dependent_types(const model::Catalog &catalog) {
  std::vector<DependentType> types;
  for (const auto &[name, range] : catalog.range_types) {
    types.push_back({name, "range type", {range.subtype}, create_range(range)});
  }
  for (const auto &[name, domain] : catalog.domains) {
    DependentType type{name, "domain", {domain.base_type}, create_domain(catalog, domain)};
    if (domain.default_value) type.texts.push_back(*domain.default_value);
    for (const model::DomainCheck &check : domain.checks) type.texts.push_back(check.expression);
    types.push_back(std::move(type));
  }
  for (const auto &[name, composite] : catalog.composite_types) {
    DependentType type{name, "composite type", {}, create_composite(composite)};
    for (const model::CompositeAttribute &attribute : composite.attributes) type.texts.push_back(attribute.type);
    types.push_back(std::move(type));
  }
  // Written by name, whatever the kind, where the dependencies allow.
  std::stable_sort(types.begin(), types.end(),
                   [](const DependentType &a, const DependentType &b) { return a.name < b.name; });
  return types;
}

std::vector<std::vector<std::size_t>> type_dependencies(const std::vector<DependentType> &types) {
  std::vector<std::vector<std::size_t>> depends_on(types.size());
  for (std::size_t user = 0; user < types.size(); ++user) {
    for (std::size_t used = 0; used < types.size(); ++used) {
      if (used == user) continue;
      const std::string name = qualified(types[used].name);
      for (const std::string &text : types[user].texts) {
        if (mentions(text, name)) {
          depends_on[user].push_back(used);
          break;
        }
      }
    }
  }
  return depends_on;
}

} // namespace

void render_types(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, collation] : catalog.collations) {
    script.add("collation " + qualified(name), {create_collation(collation)});
  }
  for (const auto &[name, type] : catalog.enums) script.add("enum type " + qualified(name), {create_enum(type)});

  const std::vector<DependentType> types = dependent_types(catalog);
  const graph::TopologicalOrder order = graph::topological_order(type_dependencies(types));
  if (!order.cycle.empty()) {
    std::string path;
    for (const std::size_t node : order.cycle) path += types[node].kind + " " + qualified(types[node].name) + " -> ";
    path += types[order.cycle.front()].kind + " " + qualified(types[order.cycle.front()].name);
    throw Error("the catalog's types use each other in a cycle", path,
                "a type cannot contain itself; check the types named here");
  }
  for (const std::size_t node : order.order) {
    script.add(types[node].kind + " " + qualified(types[node].name), {types[node].statement});
  }
}

} // namespace schemadiff::emit
