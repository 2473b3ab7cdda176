// Table constraints: primary keys, unique, check, foreign keys, exclusion.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace schemadiff::source {

namespace {

// Reads pg_constraint, pg_class (the table and a foreign key's target),
// pg_attribute (key column names, in key order), pg_index (NULLS NOT
// DISTINCT of a unique constraint's index, new in 15), pg_namespace,
// pg_description, pg_depend (extension members). Constraints a partition
// inherits from its parent (conparentid, or not conislocal) come and go
// with the parent's, so only the parent's are read.
constexpr std::string_view constraints_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS table_name, k.conname AS name, k.contype AS kind,
       pg_get_constraintdef(k.oid) AS definition,
       (SELECT json_agg(a.attname ORDER BY u.position)
        FROM unnest(k.conkey) WITH ORDINALITY u(attnum, position)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) AS columns,
       fn.nspname AS references_schema, f.relname AS references_table,
       (SELECT json_agg(a.attname ORDER BY u.position)
        FROM unnest(k.confkey) WITH ORDINALITY u(attnum, position)
        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) AS references_columns,
       k.confmatchtype AS match_type, k.confupdtype AS on_update, k.confdeltype AS on_delete,
       k.convalidated AS validated, k.condeferrable AS deferrable, k.condeferred AS initially_deferred,
       k.contype = 'u' AND coalesce({nulls_not_distinct}, false) AS nulls_not_distinct,
       k.contype = 'c' AND k.connoinherit AS no_inherit,
       d.description AS comment
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = k.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = k.conindid
LEFT JOIN pg_description d ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p') AND k.contype IN ('p', 'u', 'c', 'f', 'x')
  AND k.conislocal AND k.conparentid = 0
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
)sql";

std::string constraints_query(int server_version_num) {
  const char *nulls_not_distinct = server_version_num >= 150000 ? "ix.indnullsnotdistinct" : "NULL::boolean";
  return fmt::format(fmt::runtime(constraints_sql), fmt::arg("nulls_not_distinct", nulls_not_distinct));
}

model::ConstraintKind kind_of(char contype) {
  switch (contype) {
  case 'p':
    return model::ConstraintKind::PrimaryKey;
  case 'u':
    return model::ConstraintKind::Unique;
  case 'f':
    return model::ConstraintKind::ForeignKey;
  case 'x':
    return model::ConstraintKind::Exclusion;
  default:
    return model::ConstraintKind::Check;
  }
}

void read_constraints(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Constraint constraint;
    constraint.name = text(row["name"]);
    constraint.kind = kind_of(letter(row["kind"]));
    constraint.definition = without_not_valid(text(row["definition"]));
    constraint.columns = text_list(row["columns"]);
    if (constraint.kind == model::ConstraintKind::ForeignKey) {
      constraint.references = model::ForeignKeyTarget{{text(row["references_schema"]), text(row["references_table"])},
                                                      text_list(row["references_columns"]),
                                                      letter(row["match_type"]),
                                                      letter(row["on_update"]),
                                                      letter(row["on_delete"])};
    }
    constraint.validated = flag(row["validated"]);
    constraint.deferrable = flag(row["deferrable"]);
    constraint.initially_deferred = flag(row["initially_deferred"]);
    constraint.nulls_not_distinct = flag(row["nulls_not_distinct"]);
    constraint.no_inherit = flag(row["no_inherit"]);
    constraint.comment = optional_text(row["comment"]);
    catalog.tables.at({text(row["schema"]), text(row["table_name"])}).constraints.push_back(std::move(constraint));
  }
  for (auto &[name, table] : catalog.tables) {
    std::sort(table.constraints.begin(), table.constraints.end(),
              [](const model::Constraint &a, const model::Constraint &b) { return a.name < b.name; });
  }
}

} // namespace

const CatalogKind constraints_kind{"constraints", constraints_query, read_constraints};

} // namespace schemadiff::source
