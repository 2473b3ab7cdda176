// Free-standing sequences, serial columns' included. Identity sequences are
// part of their column (tables.cpp).

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

namespace schemadiff::source {

namespace {

// Reads pg_class (relkind 'S'), pg_sequence, pg_namespace, pg_description,
// pg_depend: deptype 'a' on a column is OWNED BY (serial columns);
// deptype 'i' on a column marks an identity sequence, left out; 'e' an
// extension member, left out.
constexpr std::string_view sequences_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS name,
       format_type(s.seqtypid, NULL) AS data_type, s.seqstart AS start, s.seqincrement AS increment,
       s.seqmin AS min_value, s.seqmax AS max_value, s.seqcache AS cache, s.seqcycle AS cycle,
       tn.nspname AS owner_schema, t.relname AS owner_table, a.attname AS owner_column,
       d.description AS comment
FROM pg_class c
JOIN pg_sequence s ON s.seqrelid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend o
  ON o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.refclassid = 'pg_class'::regclass
 AND o.refobjsubid > 0 AND o.deptype = 'a'
LEFT JOIN pg_class t ON t.oid = o.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = o.refobjid AND a.attnum = o.refobjsubid
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind = 'S'
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid
                    AND (x.deptype = 'e' OR (x.deptype = 'i' AND x.refobjsubid > 0)))
)sql";

void read_sequences(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Sequence sequence;
    sequence.name = {text(row["schema"]), text(row["name"])};
    sequence.options = sequence_options(row);
    if (!row["owner_table"].is_null()) {
      sequence.owned_by =
          model::ColumnReference{{text(row["owner_schema"]), text(row["owner_table"])}, text(row["owner_column"])};
    }
    sequence.comment = optional_text(row["comment"]);
    catalog.sequences[sequence.name] = std::move(sequence);
  }
}

} // namespace

const CatalogKind sequences_kind{"sequences", [](int) { return std::string(sequences_sql); }, read_sequences};

} // namespace schemadiff::source
