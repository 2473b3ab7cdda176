// Grants on every object kind that has them, read in one query over all ACL
// columns and dealt out to the objects already read.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace schemadiff::source {

namespace {

// Reads the ACLs of pg_namespace, pg_class (tables, views, materialized
// views, sequences), pg_attribute (columns of tables), pg_proc (functions,
// procedures, aggregates) and pg_type (enums, domains, composite and range
// types), with pg_depend to leave out extension members and implicit objects
// (identity sequences, a range's constructors).
//
// A NULL ACL means the built-in default, which acldefault makes explicit
// (e.g. EXECUTE for PUBLIC on functions, USAGE for PUBLIC on types), so a
// default is a privilege like any other. Column ACLs have no default. The
// owner's own entries are left out: owners differ between environments.
constexpr std::string_view privileges_sql = R"sql(
WITH object_acl (kind, schema, name, member, owner, acl) AS (
  SELECT 'schema', n.nspname, n.nspname, '', n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner))
  FROM pg_namespace n
  WHERE NOT EXISTS (SELECT FROM pg_depend x
                    WHERE x.classid = 'pg_namespace'::regclass AND x.objid = n.oid AND x.deptype = 'e')
  UNION ALL
  SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                        ELSE 'table' END,
         n.nspname, c.relname, '', c.relowner,
         coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND NOT EXISTS (SELECT FROM pg_depend x
                    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype IN ('e', 'i'))
  UNION ALL
  SELECT 'column', n.nspname, c.relname, a.attname, c.relowner, a.attacl
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
    AND NOT EXISTS (SELECT FROM pg_depend x
                    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
  UNION ALL
  SELECT CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE 'routine' END,
         n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.proowner,
         coalesce(p.proacl, acldefault('f', p.proowner))
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend x
                    WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype IN ('e', 'i'))
  UNION ALL
  SELECT 'type', n.nspname, t.typname, '', t.typowner, coalesce(t.typacl, acldefault('T', t.typowner))
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_class c ON c.oid = t.typrelid
  WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
    AND NOT EXISTS (SELECT FROM pg_depend x
                    WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
)
SELECT o.kind, o.schema, o.name, o.member,
       CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee)::text END AS grantee,
       g.privilege_type AS privilege, g.is_grantable AS grantable
FROM object_acl o
CROSS JOIN LATERAL aclexplode(o.acl) g
WHERE g.grantee <> o.owner
  AND o.schema <> 'information_schema' AND o.schema !~ '^(pg_|schemadiff)'
)sql";

// The object the grants of one row are on.
struct GrantTarget {
  std::string schema;
  std::string name;
  std::string member; // a column name, or a routine's identity arguments
};

// Where its grants go; nullptr for an object the model does not hold (the
// query leaves those out already; this keeps a mismatch harmless).
using PrivilegesOf = std::function<model::Privileges *(model::Catalog &, const GrantTarget &)>;

template <typename Map, typename Key> model::Privileges *privileges_in(Map &objects, const Key &key) {
  const auto found = objects.find(key);
  return found == objects.end() ? nullptr : &found->second.privileges;
}

model::Privileges *column_privileges(model::Catalog &catalog, const GrantTarget &target) {
  const auto table = catalog.tables.find({target.schema, target.name});
  if (table == catalog.tables.end()) return nullptr;
  for (auto &column : table->second.columns) {
    if (column.name == target.member) return &column.privileges;
  }
  return nullptr;
}

// Enums, domains, composite and range types share pg_type and its ACL.
model::Privileges *type_privileges(model::Catalog &catalog, const GrantTarget &target) {
  const model::QualifiedName name{target.schema, target.name};
  if (auto *found = privileges_in(catalog.enums, name)) return found;
  if (auto *found = privileges_in(catalog.domains, name)) return found;
  if (auto *found = privileges_in(catalog.composite_types, name)) return found;
  return privileges_in(catalog.range_types, name);
}

const std::map<std::string, PrivilegesOf, std::less<>> &privileges_by_kind() {
  static const std::map<std::string, PrivilegesOf, std::less<>> rules = {
      {"schema", [](model::Catalog &c, const GrantTarget &t) { return privileges_in(c.schemas, t.name); }},
      {"table",
       [](model::Catalog &c, const GrantTarget &t) {
         return privileges_in(c.tables, model::QualifiedName{t.schema, t.name});
       }},
      {"view",
       [](model::Catalog &c, const GrantTarget &t) {
         return privileges_in(c.views, model::QualifiedName{t.schema, t.name});
       }},
      {"materialized view",
       [](model::Catalog &c, const GrantTarget &t) {
         return privileges_in(c.materialized_views, model::QualifiedName{t.schema, t.name});
       }},
      {"sequence",
       [](model::Catalog &c, const GrantTarget &t) {
         return privileges_in(c.sequences, model::QualifiedName{t.schema, t.name});
       }},
      {"column", column_privileges},
      {"routine",
       [](model::Catalog &c, const GrantTarget &t) {
         return privileges_in(c.routines, model::RoutineKey{t.schema, t.name, t.member});
       }},
      {"aggregate",
       [](model::Catalog &c, const GrantTarget &t) {
         return privileges_in(c.aggregates, model::RoutineKey{t.schema, t.name, t.member});
       }},
      {"type", type_privileges},
  };
  return rules;
}

void read_privileges(const pqxx::result &rows, model::Catalog &catalog) {
  std::set<model::Privileges *> granted;
  for (const auto &row : rows) {
    const auto rule = privileges_by_kind().find(text(row["kind"]));
    if (rule == privileges_by_kind().end()) continue;
    model::Privileges *privileges =
        rule->second(catalog, {text(row["schema"]), text(row["name"]), text(row["member"])});
    if (privileges == nullptr) continue;
    privileges->push_back({text(row["grantee"]), text(row["privilege"]), flag(row["grantable"])});
    granted.insert(privileges);
  }
  for (auto *privileges : granted) std::sort(privileges->begin(), privileges->end());
}

} // namespace

const CatalogKind privileges_kind{"privileges", [](int) { return std::string(privileges_sql); }, read_privileges};

} // namespace schemadiff::source
