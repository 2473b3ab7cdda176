// User triggers on tables and views.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

namespace schemadiff::source {

namespace {

// Reads pg_trigger, pg_class, pg_namespace, pg_description, pg_depend
// (extension members). Left out: internal triggers (tgisinternal: those
// enforcing foreign keys and deferred unique constraints) and the clones a
// partition gets of its parent's triggers (tgparentid, new in 13), which come
// and go with the parent's, and schemadiff's own triggers (their function in
// a schemadiff schema: a new column's fill between the expand and the
// contract migrations). Constraint triggers a user created are kept.
constexpr std::string_view triggers_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS table_name, t.tgname AS name,
       pg_get_triggerdef(t.oid) AS definition, t.tgfoid::regproc::text AS function,
       t.tgenabled AS enabled, d.description AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_trigger'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'v') AND NOT t.tgisinternal AND t.tgparentid = 0
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
                  WHERE f.oid = t.tgfoid AND fn.nspname ~ '^schemadiff')
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
)sql";

model::TriggerEnabled enabled_of(char tgenabled) {
  switch (tgenabled) {
  case 'D':
    return model::TriggerEnabled::Disabled;
  case 'R':
    return model::TriggerEnabled::Replica;
  case 'A':
    return model::TriggerEnabled::Always;
  default:
    return model::TriggerEnabled::Origin;
  }
}

void read_triggers(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Trigger trigger;
    trigger.key = {{text(row["schema"]), text(row["table_name"])}, text(row["name"])};
    trigger.definition = text(row["definition"]);
    trigger.function = text(row["function"]);
    trigger.enabled = enabled_of(letter(row["enabled"]));
    trigger.comment = optional_text(row["comment"]);
    catalog.triggers[trigger.key] = std::move(trigger);
  }
}

} // namespace

const CatalogKind triggers_kind{"triggers", [](int) { return std::string(triggers_sql); }, read_triggers};

} // namespace schemadiff::source
