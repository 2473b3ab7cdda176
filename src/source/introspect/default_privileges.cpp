// ALTER DEFAULT PRIVILEGES: what objects get when a role creates them.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <algorithm>

namespace schemadiff::source {

namespace {

// Reads pg_default_acl, pg_namespace. defaclnamespace 0 is "in every
// schema"; per-schema entries count only in user schemas. Entries are kept
// as stored, the creating role's own included: unlike an object's ACL, the
// stored default ACL is exactly what was granted and revoked. An empty ACL
// (everything revoked) is an entry without privileges, not no entry.
constexpr std::string_view default_privileges_sql = R"sql(
SELECT pg_get_userbyid(a.defaclrole)::text AS role, coalesce(n.nspname, '') AS schema,
       a.defaclobjtype AS object_type,
       CASE WHEN g.grantee = 0 THEN 'PUBLIC' WHEN g.grantee IS NOT NULL
            THEN pg_get_userbyid(g.grantee)::text END AS grantee,
       g.privilege_type AS privilege, g.is_grantable AS grantable
FROM pg_default_acl a
LEFT JOIN pg_namespace n ON n.oid = a.defaclnamespace
LEFT JOIN LATERAL aclexplode(a.defaclacl) g ON true
WHERE a.defaclnamespace = 0 OR (n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)')
)sql";

void read_default_privileges(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    const model::DefaultPrivilegeKey key{text(row["role"]), text(row["schema"]), letter(row["object_type"])};
    model::DefaultPrivilege &entry = catalog.default_privileges[key];
    entry.key = key;
    if (row["grantee"].is_null()) continue;
    entry.privileges.push_back({text(row["grantee"]), text(row["privilege"]), flag(row["grantable"])});
  }
  for (auto &[key, entry] : catalog.default_privileges) std::sort(entry.privileges.begin(), entry.privileges.end());
}

} // namespace

const CatalogKind default_privileges_kind{"default_privileges", [](int) { return std::string(default_privileges_sql); },
                                          read_default_privileges};

} // namespace schemadiff::source
