// Row level security policies. Whether a table enforces them is a flag of
// the table (tables.cpp).

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <algorithm>

namespace schemadiff::source {

namespace {

// Reads pg_policy, pg_class, pg_namespace, pg_description, pg_depend
// (extension members). polroles holds role oids, 0 for PUBLIC.
constexpr std::string_view policies_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS table_name, pol.polname AS name,
       pol.polpermissive AS permissive, pol.polcmd AS command,
       (SELECT json_agg(CASE WHEN r.role = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.role)::text END)
        FROM unnest(pol.polroles) r(role)) AS roles,
       pg_get_expr(pol.polqual, pol.polrelid) AS using_expression,
       pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expression,
       d.description AS comment
FROM pg_policy pol
JOIN pg_class c ON c.oid = pol.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_policy'::regclass AND d.objoid = pol.oid AND d.objsubid = 0
WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
)sql";

std::string command_of(char polcmd) {
  switch (polcmd) {
  case 'r':
    return "SELECT";
  case 'a':
    return "INSERT";
  case 'w':
    return "UPDATE";
  case 'd':
    return "DELETE";
  default:
    return "ALL";
  }
}

void read_policies(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    model::Policy policy;
    policy.key = {{text(row["schema"]), text(row["table_name"])}, text(row["name"])};
    policy.permissive = flag(row["permissive"]);
    policy.command = command_of(letter(row["command"]));
    policy.roles = text_list(row["roles"]);
    std::sort(policy.roles.begin(), policy.roles.end());
    policy.using_expression = optional_text(row["using_expression"]);
    policy.check_expression = optional_text(row["check_expression"]);
    policy.comment = optional_text(row["comment"]);
    catalog.policies[policy.key] = std::move(policy);
  }
}

} // namespace

const CatalogKind policies_kind{"policies", [](int) { return std::string(policies_sql); }, read_policies};

} // namespace schemadiff::source
