// Collations defined in user schemas.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

// Reads pg_collation, pg_namespace, pg_description, pg_depend (extension
// members). Where an ICU or builtin collation keeps its locale changed twice:
// in collcollate up to 14, in colliculocale in 15 and 16, in colllocale from
// 17 (which also brings the builtin provider).
constexpr std::string_view collations_sql = R"sql(
SELECT n.nspname AS schema, c.collname AS name, c.collprovider AS provider,
       CASE WHEN c.collprovider = 'c' THEN c.collcollate END AS lc_collate,
       CASE WHEN c.collprovider = 'c' THEN c.collctype END AS lc_ctype,
       CASE WHEN c.collprovider <> 'c' THEN {locale} END AS locale,
       c.collisdeterministic AS deterministic,
       d.description AS comment
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
LEFT JOIN pg_description d
  ON d.classoid = 'pg_collation'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_collation'::regclass AND x.objid = c.oid AND x.deptype = 'e')
)sql";

std::string collations_query(int server_version_num) {
  const char *locale = server_version_num >= 170000   ? "c.colllocale"
                       : server_version_num >= 150000 ? "c.colliculocale"
                                                      : "c.collcollate";
  return fmt::format(fmt::runtime(collations_sql), fmt::arg("locale", locale));
}

std::string provider_name(char provider) {
  switch (provider) {
  case 'i':
    return "icu";
  case 'b':
    return "builtin";
  case 'c':
    return "libc";
  default:
    return "default";
  }
}

void read_collations(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Collation collation;
    collation.name = {text(row["schema"]), text(row["name"])};
    collation.provider = provider_name(letter(row["provider"]));
    collation.locale = optional_text(row["locale"]);
    collation.lc_collate = optional_text(row["lc_collate"]);
    collation.lc_ctype = optional_text(row["lc_ctype"]);
    collation.deterministic = flag(row["deterministic"]);
    collation.comment = optional_text(row["comment"]);
    catalog.collations[collation.name] = std::move(collation);
  }
}

} // namespace

const CatalogKind collations_kind{"collations", collations_query, read_collations};

} // namespace schemadiff::source
