// Schemas and extensions.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

// Reads pg_namespace, pg_description, pg_depend (schemas an extension
// created). Names starting with pg_ are reserved for the system (CREATE
// SCHEMA refuses them): that leaves out pg_catalog, pg_toast* and pg_temp*.
// `usable`: whether the connecting role has USAGE on the schema.
constexpr std::string_view schemas_sql = R"sql(
SELECT n.nspname AS name,
       d.description AS comment,
       has_schema_privilege(n.oid, 'USAGE') AS usable,
       current_user::text AS role
FROM pg_namespace n
LEFT JOIN pg_description d
  ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid AND d.objsubid = 0
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_namespace'::regclass AND x.objid = n.oid AND x.deptype = 'e')
)sql";

void read_schemas(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Schema schema;
    schema.name = text(row["name"]);
    schema.comment = optional_text(row["comment"]);
    catalog.schemas[schema.name] = std::move(schema);
  }
}

// Reads pg_extension, pg_namespace, pg_description. Every extension,
// wherever it lives (plpgsql is in pg_catalog); its objects are left out of
// every other kind.
constexpr std::string_view extensions_sql = R"sql(
SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version, d.description AS comment
FROM pg_extension x
JOIN pg_namespace n ON n.oid = x.extnamespace
LEFT JOIN pg_description d
  ON d.classoid = 'pg_extension'::regclass AND d.objoid = x.oid AND d.objsubid = 0
)sql";

void read_extensions(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Extension extension;
    extension.name = text(row["name"]);
    extension.schema = text(row["schema"]);
    extension.version = text(row["version"]);
    extension.comment = optional_text(row["comment"]);
    catalog.extensions[extension.name] = std::move(extension);
  }
}

} // namespace

// A role without USAGE on a schema still sees its objects in pg_catalog,
// but could neither lock nor change them: a plan made from such a model
// would fail half-way. Refuse it up front, naming the schema.
void refuse_unusable_schemas(const pqxx::result &schema_rows) {
  std::vector<std::string> unusable;
  std::string role;
  for (const auto &row : schema_rows) {
    if (!flag(row["usable"])) unusable.push_back(text(row["name"]));
    role = text(row["role"]);
  }
  if (unusable.empty()) return;
  std::string names;
  for (const auto &name : unusable) names += (names.empty() ? "" : ", ") + pg::quote_ident(name);
  throw Error(fmt::format("role {} has no USAGE privilege on schema {}", pg::quote_ident(role), names),
              fmt::format("schema {}", pg::quote_ident(unusable.front())),
              fmt::format("GRANT USAGE ON SCHEMA {} TO {}, or connect as a role that owns the schema", names,
                          pg::quote_ident(role)));
}

const CatalogKind schemas_kind{"schemas", [](int) { return std::string(schemas_sql); }, read_schemas};
const CatalogKind extensions_kind{"extensions", [](int) { return std::string(extensions_sql); }, read_extensions};

} // namespace schemadiff::source
