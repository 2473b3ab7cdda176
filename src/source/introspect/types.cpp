// Enum, composite and range types. Implicit types are never read: a table's
// row type and array types have other typtypes or relkinds, and a range's
// multirange type is part of its range.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

// Reads pg_type, pg_enum, pg_namespace, pg_description, pg_depend
// (extension members).
constexpr std::string_view enums_sql = R"sql(
SELECT n.nspname AS schema, t.typname AS name,
       (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)
        FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,
       d.description AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE t.typtype = 'e'
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
)sql";

void read_enums(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::EnumType type;
    type.name = {text(row["schema"]), text(row["name"])};
    type.labels = text_list(row["labels"]);
    type.comment = optional_text(row["comment"]);
    catalog.enums[type.name] = std::move(type);
  }
}

// Reads pg_type, pg_class (relkind 'c': a free-standing composite, not a
// table's row type), pg_attribute, pg_namespace, pg_description (of the type
// and of each attribute, which hangs on the pg_class entry), pg_depend.
constexpr std::string_view composite_types_sql = R"sql(
SELECT n.nspname AS schema, t.typname AS name,
       (SELECT json_agg(json_build_array(
                 a.attname,
                 format_type(a.atttypid, a.atttypmod),
                 CASE WHEN a.attcollation <> at.typcollation THEN a.attcollation::regcollation::text END,
                 ad.description) ORDER BY a.attnum)
        FROM pg_attribute a
        JOIN pg_type at ON at.oid = a.atttypid
        LEFT JOIN pg_description ad
          ON ad.classoid = 'pg_class'::regclass AND ad.objoid = a.attrelid AND ad.objsubid = a.attnum
        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,
       d.description AS comment
FROM pg_type t
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE t.typtype = 'c'
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
)sql";

void read_composite_types(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::CompositeType type;
    type.name = {text(row["schema"]), text(row["name"])};
    for (const auto &attribute : json_list(row["attributes"])) {
      type.attributes.push_back({attribute[0].get<std::string>(), attribute[1].get<std::string>(),
                                 optional_text(attribute[2]), optional_text(attribute[3])});
    }
    type.comment = optional_text(row["comment"]);
    catalog.composite_types[type.name] = std::move(type);
  }
}

// Reads pg_range, pg_type (the range and its subtype), pg_opclass,
// pg_namespace, pg_description, pg_depend. Multiranges are new in 14
// (rngmultitypid). Function names print qualified unless in pg_catalog.
constexpr std::string_view range_types_sql = R"sql(
SELECT n.nspname AS schema, t.typname AS name,
       format_type(r.rngsubtype, NULL) AS subtype,
       CASE WHEN NOT oc.opcdefault THEN
         CASE WHEN ocn.nspname = 'pg_catalog' THEN quote_ident(oc.opcname)
              ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END
       END AS subtype_opclass,
       CASE WHEN r.rngcollation <> s.typcollation THEN r.rngcollation::regcollation::text END AS collation,
       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::text END AS canonical_function,
       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::text END AS subtype_diff_function,
       {multirange} AS multirange_name,
       d.description AS comment
FROM pg_range r
JOIN pg_type t ON t.oid = r.rngtypid
JOIN pg_type s ON s.oid = r.rngsubtype
JOIN pg_opclass oc ON oc.oid = r.rngsubopc
JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
)sql";

std::string range_types_query(int server_version_num) {
  const char *multirange = server_version_num >= 140000 ? "r.rngmultitypid::regtype::text" : "NULL::text";
  return fmt::format(fmt::runtime(range_types_sql), fmt::arg("multirange", multirange));
}

void read_range_types(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::RangeType type;
    type.name = {text(row["schema"]), text(row["name"])};
    type.subtype = text(row["subtype"]);
    type.subtype_opclass = optional_text(row["subtype_opclass"]);
    type.collation = optional_text(row["collation"]);
    type.canonical_function = optional_text(row["canonical_function"]);
    type.subtype_diff_function = optional_text(row["subtype_diff_function"]);
    type.multirange_name = optional_text(row["multirange_name"]);
    type.comment = optional_text(row["comment"]);
    catalog.range_types[type.name] = std::move(type);
  }
}

} // namespace

const CatalogKind enums_kind{"enums", [](int) { return std::string(enums_sql); }, read_enums};
const CatalogKind composite_types_kind{"composite_types", [](int) { return std::string(composite_types_sql); },
                                       read_composite_types};
const CatalogKind range_types_kind{"range_types", range_types_query, read_range_types};

} // namespace schemadiff::source
