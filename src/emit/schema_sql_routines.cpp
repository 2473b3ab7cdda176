#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::emit {

namespace {

// pg_catalog.< must be written OPERATOR(pg_catalog.<); a bare < stands as is.
std::string sort_operator(const std::string &name) {
  return name.find('.') == std::string::npos ? name : "OPERATOR(" + name + ")";
}

std::string parallel_option(const std::string &parallel) {
  if (parallel == "s") return "PARALLEL = SAFE";
  if (parallel == "r") return "PARALLEL = RESTRICTED";
  return ""; // UNSAFE is the default
}

std::string create_aggregate(const model::Aggregate &aggregate) {
  std::vector<std::string> options = {"SFUNC = " + aggregate.state_function, "STYPE = " + aggregate.state_type};
  if (aggregate.final_function) options.push_back("FINALFUNC = " + *aggregate.final_function);
  if (aggregate.final_function_extra) options.push_back("FINALFUNC_EXTRA");
  if (aggregate.combine_function) options.push_back("COMBINEFUNC = " + *aggregate.combine_function);
  if (aggregate.serial_function) options.push_back("SERIALFUNC = " + *aggregate.serial_function);
  if (aggregate.deserial_function) options.push_back("DESERIALFUNC = " + *aggregate.deserial_function);
  if (aggregate.initial_condition) options.push_back("INITCOND = " + pg::quote_literal(*aggregate.initial_condition));
  if (aggregate.sort_operator) options.push_back("SORTOP = " + sort_operator(*aggregate.sort_operator));
  if (const std::string parallel = parallel_option(aggregate.parallel); !parallel.empty()) {
    options.push_back(parallel);
  }
  if (aggregate.kind == 'h') options.push_back("HYPOTHETICAL");
  // No arguments is count(*)'s form; ordered-set arguments already hold their ORDER BY.
  const std::string arguments = aggregate.arguments.empty() ? "*" : aggregate.arguments;
  return fmt::format("CREATE AGGREGATE {}({}) (\n    {}\n)",
                     pg::quote_qualified(aggregate.key.schema, aggregate.key.name), arguments,
                     fmt::join(options, ",\n    "));
}

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
    script.add("aggregate " + aggregate_signature(key), {create_aggregate(aggregate)});
  }
}

} // namespace schemadiff::emit
