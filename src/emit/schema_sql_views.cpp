#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/plan/ddl/views.hpp"
#include "schemadiff/graph/topological_order.hpp"

#include <algorithm>
#include <map>
#include <tuple>


namespace schemadiff::emit {

namespace {

using model::ObjectKind;
using model::ObjectRef;

// A view, a materialized view or a routine that reads relations: they read
// one another, so they are ordered together.
struct Reader {
  ObjectRef ref;
  std::string title;
  std::string statement;
  std::vector<ObjectRef> reads;
};

// What a view reads, as references: a relation may be a view or a
// materialized view (tables exist by now and match no reader).
std::vector<ObjectRef> reads_of(const model::ViewDependencies &dependencies) {
  std::vector<ObjectRef> reads;
  for (const model::QualifiedName &relation : dependencies.relations) {
    reads.push_back({ObjectKind::View, relation.schema, relation.name, ""});
    reads.push_back({ObjectKind::MaterializedView, relation.schema, relation.name, ""});
  }
  for (const model::RoutineKey &routine : dependencies.routines) reads.push_back(routine_ref(routine));
  return reads;
}

std::vector<Reader> readers_by_name(const model::Catalog &catalog) {
  std::vector<Reader> readers;
  for (const auto &[name, view] : catalog.views) {
    readers.push_back({{ObjectKind::View, name.schema, name.name, ""},
                       "view " + qualified(name),
                       plan::ddl::create_view(view),
                       reads_of(view.depends_on)});
  }
  for (const auto &[name, view] : catalog.materialized_views) {
    readers.push_back({{ObjectKind::MaterializedView, name.schema, name.name, ""},
                       "materialized view " + qualified(name),
                       plan::ddl::create_materialized_view(view),
                       reads_of(view.depends_on)});
  }
  for (const model::RoutineKey &key : routines_reading_relations(catalog)) {
    const model::Routine &routine = catalog.routines.at(key);
    const auto needs = catalog.dependencies.find(routine_ref(key));
    readers.push_back({routine_ref(key), routine_title(routine), without_terminator(routine.definition),
                       needs == catalog.dependencies.end() ? std::vector<ObjectRef>{} : needs->second});
  }
  std::stable_sort(readers.begin(), readers.end(), [](const Reader &a, const Reader &b) {
    return std::tie(a.ref.schema, a.ref.name, a.ref.member) < std::tie(b.ref.schema, b.ref.name, b.ref.member);
  });
  return readers;
}

} // namespace

void render_views(const model::Catalog &catalog, SchemaScript &script) {
  const std::vector<Reader> readers = readers_by_name(catalog);
  std::map<ObjectRef, std::size_t> position;
  for (std::size_t node = 0; node < readers.size(); ++node) position.emplace(readers[node].ref, node);

  std::vector<std::vector<std::size_t>> depends_on(readers.size());
  for (std::size_t node = 0; node < readers.size(); ++node) {
    for (const ObjectRef &read : readers[node].reads) {
      const auto found = position.find(read);
      if (found != position.end() && found->second != node) depends_on[node].push_back(found->second);
    }
  }
  const graph::TopologicalOrder order = graph::topological_order(depends_on);
  if (!order.cycle.empty()) {
    std::string path;
    for (const std::size_t node : order.cycle) path += readers[node].title + " -> ";
    path += readers[order.cycle.front()].title;
    throw Error("the catalog's views read each other in a cycle", path,
                "PostgreSQL cannot create such views; the catalog was not read from a database");
  }
  for (const std::size_t node : order.order) script.add(readers[node].title, {readers[node].statement});
}

} // namespace schemadiff::emit
