#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/plan/ddl/routines.hpp"

namespace schemadiff::emit {

namespace {

bool is_relation(model::ObjectKind kind) {
  using model::ObjectKind;
  return kind == ObjectKind::Table || kind == ObjectKind::Column || kind == ObjectKind::View ||
         kind == ObjectKind::MaterializedView || kind == ObjectKind::Sequence || kind == ObjectKind::Constraint ||
         kind == ObjectKind::Index;
}

} // namespace

model::ObjectRef routine_ref(const model::RoutineKey &key) {
  return {model::ObjectKind::Routine, key.schema, key.name, key.identity_arguments};
}

std::set<model::RoutineKey> routines_reading_relations(const model::Catalog &catalog) {
  std::set<model::RoutineKey> late;
  // A routine that calls a late routine is late too; repeat until none is added.
  for (bool added = true; added;) {
    added = false;
    for (const auto &[key, routine] : catalog.routines) {
      if (late.contains(key)) continue;
      const auto needs = catalog.dependencies.find(routine_ref(key));
      if (needs == catalog.dependencies.end()) continue;
      for (const model::ObjectRef &need : needs->second) {
        const bool calls_late = need.kind == model::ObjectKind::Routine &&
                                late.contains(model::RoutineKey{need.schema, need.name, need.member});
        if (is_relation(need.kind) || calls_late) {
          late.insert(key);
          added = true;
          break;
        }
      }
    }
  }
  return late;
}

std::string routine_title(const model::Routine &routine) {
  return (routine.kind == model::RoutineKind::Procedure ? "procedure " : "function ") + routine_signature(routine.key);
}

void render_routines(const model::Catalog &catalog, SchemaScript &script) {
  const std::set<model::RoutineKey> late = routines_reading_relations(catalog);
  for (const auto &[key, routine] : catalog.routines) {
    if (!late.contains(key)) script.add(routine_title(routine), {without_terminator(routine.definition)});
  }
  // After the functions: an aggregate names its state and final functions.
  for (const auto &[key, aggregate] : catalog.aggregates) {
    script.add("aggregate " + aggregate_signature(key), {plan::ddl::create_aggregate(aggregate)});
  }
}

} // namespace schemadiff::emit
