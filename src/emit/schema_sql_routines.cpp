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

} // namespace

void render_routines(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, routine] : catalog.routines) {
    const char *kind = routine.kind == model::RoutineKind::Procedure ? "procedure " : "function ";
    script.add(kind + routine_signature(key), {without_terminator(routine.definition)});
  }
  // After the functions: an aggregate names its state and final functions.
  for (const auto &[key, aggregate] : catalog.aggregates) {
    script.add("aggregate " + aggregate_signature(key), {create_aggregate(aggregate)});
  }
}

} // namespace schemadiff::emit
