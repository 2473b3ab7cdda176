// Functions and procedures, and aggregates (which pg_get_functiondef cannot
// print: they are read from pg_aggregate instead).

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

namespace schemadiff::source {

namespace {

// Reads pg_proc (prokind f function, p procedure, w window function),
// pg_language, pg_namespace, pg_description, pg_depend: deptype 'e'
// extension members and 'i' functions a type made for itself (a range's
// constructors, a multirange's), both left out.
constexpr std::string_view routines_sql = R"sql(
SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       p.prokind AS kind, pg_get_functiondef(p.oid) AS definition,
       pg_get_function_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS result,
       l.lanname AS language, d.description AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE p.prokind IN ('f', 'p', 'w')
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype IN ('e', 'i'))
)sql";

void read_routines(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Routine routine;
    routine.key = {text(row["schema"]), text(row["name"]), text(row["identity_arguments"])};
    routine.kind = letter(row["kind"]) == 'p' ? model::RoutineKind::Procedure : model::RoutineKind::Function;
    routine.definition = text(row["definition"]);
    routine.arguments = text(row["arguments"]);
    routine.result = text(row["result"]);
    routine.language = text(row["language"]);
    routine.comment = optional_text(row["comment"]);
    catalog.routines[routine.key] = std::move(routine);
  }
}

// Reads pg_aggregate, pg_proc, pg_namespace, pg_description, pg_depend
// (extension members). Support functions and the sort operator print
// qualified unless in pg_catalog (regproc, regoper under our search_path).
constexpr std::string_view aggregates_sql = R"sql(
SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_get_function_arguments(p.oid) AS arguments, a.aggkind AS kind,
       a.aggtransfn::text AS state_function, format_type(a.aggtranstype, NULL) AS state_type,
       CASE WHEN a.aggfinalfn <> 0 THEN a.aggfinalfn::text END AS final_function,
       a.aggfinalextra AS final_function_extra,
       CASE WHEN a.aggcombinefn <> 0 THEN a.aggcombinefn::text END AS combine_function,
       CASE WHEN a.aggserialfn <> 0 THEN a.aggserialfn::text END AS serial_function,
       CASE WHEN a.aggdeserialfn <> 0 THEN a.aggdeserialfn::text END AS deserial_function,
       a.agginitval AS initial_condition,
       CASE WHEN a.aggsortop <> 0 THEN a.aggsortop::regoper::text END AS sort_operator,
       p.proparallel AS parallel, d.description AS comment
FROM pg_proc p
JOIN pg_aggregate a ON a.aggfnoid = p.oid
JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e')
)sql";

void read_aggregates(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Aggregate aggregate;
    aggregate.key = {text(row["schema"]), text(row["name"]), text(row["identity_arguments"])};
    aggregate.arguments = text(row["arguments"]);
    aggregate.kind = letter(row["kind"]);
    aggregate.state_function = text(row["state_function"]);
    aggregate.state_type = text(row["state_type"]);
    aggregate.final_function = optional_text(row["final_function"]);
    aggregate.final_function_extra = flag(row["final_function_extra"]);
    aggregate.combine_function = optional_text(row["combine_function"]);
    aggregate.serial_function = optional_text(row["serial_function"]);
    aggregate.deserial_function = optional_text(row["deserial_function"]);
    aggregate.initial_condition = optional_text(row["initial_condition"]);
    aggregate.sort_operator = optional_text(row["sort_operator"]);
    aggregate.parallel = text(row["parallel"]);
    aggregate.comment = optional_text(row["comment"]);
    catalog.aggregates[aggregate.key] = std::move(aggregate);
  }
}

} // namespace

const CatalogKind routines_kind{"routines", [](int) { return std::string(routines_sql); }, read_routines};
const CatalogKind aggregates_kind{"aggregates", [](int) { return std::string(aggregates_sql); }, read_aggregates};

} // namespace schemadiff::source
