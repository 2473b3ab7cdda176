// Tables (plain and partitioned) with their statistics, and their columns.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

namespace schemadiff::source {

namespace {

// Reads pg_class (relkind 'r' and 'p'), pg_namespace, pg_inherits (a
// partition's parent), pg_description, pg_depend (extension members), and
// for the statistics reltuples and relpages (of the table, its TOAST table
// and its indexes). Both are the estimates of the last VACUUM or ANALYZE:
// good enough for a hazard's message, and read from the catalog alone,
// where pg_total_relation_size would stat every file of every table.
// reltuples is -1 for a table never analyzed from PostgreSQL 14 on; 13 says 0.
constexpr std::string_view tables_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS name,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       pn.nspname AS parent_schema, p.relname AS parent_name,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       to_json(c.reloptions) AS options,
       c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
       d.description AS comment,
       c.reltuples::float8 AS estimated_rows,
       (c.relpages::bigint
        + coalesce((SELECT t.relpages FROM pg_class t WHERE t.oid = c.reltoastrelid), 0)
        + coalesce((SELECT sum(x.relpages) FROM pg_index ix JOIN pg_class x ON x.oid = ix.indexrelid
                    WHERE ix.indrelid = c.oid), 0))
       * current_setting('block_size')::bigint AS total_bytes
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p')
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
)sql";

void read_tables(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Table table;
    table.name = {text(row["schema"]), text(row["name"])};
    table.unlogged = flag(row["unlogged"]);
    table.partition_key = optional_text(row["partition_key"]);
    if (!row["parent_name"].is_null()) {
      table.partition_of =
          model::PartitionBound{{text(row["parent_schema"]), text(row["parent_name"])}, text(row["partition_bound"])};
    }
    table.options = text_list(row["options"]);
    table.row_security = flag(row["row_security"]);
    table.force_row_security = flag(row["force_row_security"]);
    table.comment = optional_text(row["comment"]);
    catalog.statistics[table.name] = {row["estimated_rows"].as<double>(), integer(row["total_bytes"])};
    catalog.tables[table.name] = std::move(table);
  }
}

// Reads pg_attribute, pg_class, pg_namespace, pg_type (the type's default
// collation), pg_attrdef (defaults and generation expressions), pg_depend
// deptype 'i' with pg_sequence (an identity column's sequence),
// pg_description. Ordered by table and attnum, so each table's columns
// arrive in order.
constexpr std::string_view columns_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS table_name, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END AS collation,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_value,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
       a.attnotnull AS not_null,
       a.attidentity AS identity,
       format_type(s.seqtypid, NULL) AS identity_data_type, s.seqstart AS identity_start,
       s.seqincrement AS identity_increment, s.seqmin AS identity_min_value, s.seqmax AS identity_max_value,
       s.seqcache AS identity_cache, s.seqcycle AS identity_cycle,
       d.description AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_depend i
  ON a.attidentity <> '' AND i.classid = 'pg_class'::regclass AND i.refclassid = 'pg_class'::regclass
 AND i.refobjid = a.attrelid AND i.refobjsubid = a.attnum AND i.deptype = 'i'
LEFT JOIN pg_sequence s ON s.seqrelid = i.objid
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = a.attnum
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY a.attrelid, a.attnum
)sql";

std::optional<model::Identity> identity_of(const pqxx::row &row) {
  const char kind = letter(row["identity"]);
  if (kind == '\0' || row["identity_start"].is_null()) return std::nullopt;
  return model::Identity{kind == 'a' ? model::IdentityKind::Always : model::IdentityKind::ByDefault,
                         sequence_options(row, "identity_")};
}

void read_columns(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Column column;
    column.name = text(row["name"]);
    column.type = text(row["type"]);
    column.collation = optional_text(row["collation"]);
    column.default_value = optional_text(row["default_value"]);
    column.generated = optional_text(row["generated"]);
    column.not_null = flag(row["not_null"]);
    column.identity = identity_of(row);
    column.comment = optional_text(row["comment"]);
    catalog.tables.at({text(row["schema"]), text(row["table_name"])}).columns.push_back(std::move(column));
  }
}

} // namespace

const CatalogKind tables_kind{"tables", [](int) { return std::string(tables_sql); }, read_tables};
const CatalogKind columns_kind{"columns", [](int) { return std::string(columns_sql); }, read_columns};

} // namespace schemadiff::source
