// Domains with their check constraints.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <algorithm>

namespace schemadiff::source {

namespace {

// Reads pg_type (the domain and its base type), pg_constraint (contype 'c';
// from 17 a domain's NOT NULL is also a constraint row, contype 'n', which
// typnotnull already says), pg_namespace, pg_description (of the domain and
// of each check), pg_depend (extension members). The default goes through
// pg_get_expr so that it is printed under our search_path, not the one in
// force when it was set.
constexpr std::string_view domains_sql = R"sql(
SELECT n.nspname AS schema, t.typname AS name,
       format_type(t.typbasetype, t.typtypmod) AS base_type,
       CASE WHEN t.typcollation <> b.typcollation THEN t.typcollation::regcollation::text END AS collation,
       pg_get_expr(t.typdefaultbin, 0) AS default_value,
       t.typnotnull AS not_null,
       (SELECT json_agg(json_build_array(k.conname, pg_get_constraintdef(k.oid), k.convalidated, kd.description))
        FROM pg_constraint k
        LEFT JOIN pg_description kd
          ON kd.classoid = 'pg_constraint'::regclass AND kd.objoid = k.oid AND kd.objsubid = 0
        WHERE k.contypid = t.oid AND k.contype = 'c') AS checks,
       d.description AS comment
FROM pg_type t
JOIN pg_type b ON b.oid = t.typbasetype
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE t.typtype = 'd'
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
)sql";

void read_domains(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Domain domain;
    domain.name = {text(row["schema"]), text(row["name"])};
    domain.base_type = text(row["base_type"]);
    domain.collation = optional_text(row["collation"]);
    domain.default_value = optional_text(row["default_value"]);
    domain.not_null = flag(row["not_null"]);
    for (const auto &check : json_list(row["checks"])) {
      domain.checks.push_back({check[0].get<std::string>(), without_not_valid(check[1].get<std::string>()),
                               check[2].get<bool>(), optional_text(check[3])});
    }
    std::sort(domain.checks.begin(), domain.checks.end(),
              [](const model::DomainCheck &a, const model::DomainCheck &b) { return a.name < b.name; });
    domain.comment = optional_text(row["comment"]);
    catalog.domains[domain.name] = std::move(domain);
  }
}

} // namespace

const CatalogKind domains_kind{"domains", [](int) { return std::string(domains_sql); }, read_domains};

} // namespace schemadiff::source
