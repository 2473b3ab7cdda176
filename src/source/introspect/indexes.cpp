// Indexes of tables and materialized views, those backing a constraint
// included (they name it), with their keys taken apart.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

// Reads pg_index, pg_class (the index and its table), pg_am, pg_attribute
// (of the table, for a key column's own collation; of the index, for an
// expression key's type), pg_type, pg_opclass, pg_constraint (the
// constraint an index backs), pg_inherits (the partitioned index a
// partition's index is attached to), pg_namespace, pg_description,
// pg_depend (extension members). The constraint is named only when the
// model has it: a partition's index behind a constraint cloned from the
// parent's comes and goes with the parent index (parent_index) instead.
//
// Keys 1..indnkeyatts, INCLUDE columns after them. indkey, indclass,
// indcollation and indoption are int2vector/oidvector: subscripts start at 0.
// indoption bits: 1 = DESC, 2 = NULLS FIRST. A collation is reported when it
// is not the key's own (the column's, or for an expression the default of its
// type); an operator class when it is not the default for its type.
// NULLS NOT DISTINCT is new in 15.
constexpr std::string_view indexes_sql = R"sql(
SELECT n.nspname AS schema, ic.relname AS name, c.relname AS table_name,
       pg_get_indexdef(i.indexrelid) AS definition,
       am.amname AS method, i.indisunique AS unique, {nulls_not_distinct} AS nulls_not_distinct,
       (SELECT json_agg(json_build_array(
                 pg_get_indexdef(i.indexrelid, k, true),
                 CASE WHEN i.indcollation[k - 1] <> 0
                       AND i.indcollation[k - 1] <> coalesce(ta.attcollation, kt.typcollation)
                      THEN i.indcollation[k - 1]::regcollation::text END,
                 CASE WHEN NOT oc.opcdefault THEN
                   CASE WHEN ocn.nspname = 'pg_catalog' THEN quote_ident(oc.opcname)
                        ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END END,
                 (i.indoption[k - 1] & 1) <> 0,
                 (i.indoption[k - 1] & 2) <> 0) ORDER BY k)
        FROM generate_series(1, i.indnkeyatts) k
        JOIN pg_attribute ka ON ka.attrelid = i.indexrelid AND ka.attnum = k
        JOIN pg_type kt ON kt.oid = ka.atttypid
        LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k - 1]
        LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[k - 1]
        LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace) AS keys,
       (SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k)
        FROM generate_series(i.indnkeyatts + 1, i.indnatts) k) AS include,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       to_json(ic.reloptions) AS options,
       i.indisvalid AS valid,
       k.conname AS constraint_name,
       pn.nspname AS parent_schema, p.relname AS parent_name,
       d.description AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_constraint k
  ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
 AND k.conislocal AND k.conparentid = 0
LEFT JOIN pg_inherits h ON ic.relispartition AND h.inhrelid = ic.oid
LEFT JOIN pg_class p ON p.oid = h.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = ic.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid IN (c.oid, ic.oid) AND x.deptype = 'e')
)sql";

std::string indexes_query(int server_version_num) {
  const char *nulls_not_distinct = server_version_num >= 150000 ? "i.indnullsnotdistinct" : "false";
  return fmt::format(fmt::runtime(indexes_sql), fmt::arg("nulls_not_distinct", nulls_not_distinct));
}

void read_indexes(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Index index;
    index.name = {text(row["schema"]), text(row["name"])};
    index.table = {text(row["schema"]), text(row["table_name"])};
    index.definition = text(row["definition"]);
    index.method = text(row["method"]);
    index.unique = flag(row["unique"]);
    index.nulls_not_distinct = flag(row["nulls_not_distinct"]);
    for (const auto &key : json_list(row["keys"])) {
      index.keys.push_back({key[0].get<std::string>(), optional_text(key[1]), optional_text(key[2]), key[3].get<bool>(),
                            key[4].get<bool>()});
    }
    index.include = text_list(row["include"]);
    index.predicate = optional_text(row["predicate"]);
    index.options = text_list(row["options"]);
    index.valid = flag(row["valid"]);
    index.constraint = optional_text(row["constraint_name"]);
    if (!row["parent_name"].is_null()) {
      index.parent_index = model::QualifiedName{text(row["parent_schema"]), text(row["parent_name"])};
    }
    index.comment = optional_text(row["comment"]);
    catalog.indexes[index.name] = std::move(index);
  }
}

} // namespace

const CatalogKind indexes_kind{"indexes", indexes_query, read_indexes};

} // namespace schemadiff::source
