// What each object needs to exist, from pg_depend, as references between
// objects of the model: what the planner orders steps by and the differ
// follows when something is re-created.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace schemadiff::source {

namespace {

// Reads pg_depend (normal and automatic dependencies) and, to name both ends,
// pg_namespace, pg_extension, pg_collation, pg_class, pg_index, pg_attribute,
// pg_attrdef, pg_type, pg_range, pg_proc, pg_constraint, pg_trigger,
// pg_policy, pg_rewrite, pg_default_acl.
//
// `address` names every user object the way the model does. What pg_depend
// records on an implicit object is moved to the object it stands for: a
// column default (pg_attrdef) to its column, a view's _RETURN rule to the
// view, an array type to its element type, a multirange (14+) to its range,
// a table's row type to the table, an index's or a view's column to the
// index or view. A needed object that belongs to an extension becomes the
// extension (base types are named only for that: citext); an object that
// belongs to one needs nothing (it is not in the model). Left out:
// dependencies on system objects (never dropped), a sequence's OWNED BY (an
// automatic dependency on the column whose default uses the sequence, which
// would make a cycle; the model keeps it as Sequence::owned_by) and the
// implicit objects the model leaves out.
constexpr std::string_view dependencies_sql = R"sql(
WITH user_namespace AS (
  SELECT oid, nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname !~ '^(pg_|schemadiff)'
),
type_stands_for (oid, target) AS ({type_stands_for}),
address (classid, objid, objsubid, kind, schema, name, member, owner_classid, owner_objid) AS (
  -- every user object, and the members of tables (columns) an object can need
  SELECT 'pg_namespace'::regclass, n.oid, 0, 'schema', n.nspname, '', '', 'pg_namespace'::regclass, n.oid
  FROM user_namespace n
  UNION ALL
  SELECT 'pg_extension'::regclass, x.oid, 0, 'extension', '', x.extname, '', 'pg_extension'::regclass, x.oid
  FROM pg_extension x
  UNION ALL
  SELECT 'pg_collation'::regclass, c.oid, 0, 'collation', n.nspname, c.collname, '', 'pg_collation'::regclass, c.oid
  FROM pg_collation c JOIN user_namespace n ON n.oid = c.collnamespace
  UNION ALL
  SELECT 'pg_class'::regclass, c.oid, 0,
         CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                        WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'c' THEN 'type' ELSE 'table' END,
         n.nspname, c.relname, '', 'pg_class'::regclass, CASE WHEN c.relkind IN ('i', 'I') THEN i.indrelid ELSE c.oid END
  FROM pg_class c
  JOIN user_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_index i ON i.indexrelid = c.oid
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'c')
    AND NOT EXISTS (SELECT FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid
                                              AND x.deptype = 'i' AND x.refobjsubid > 0)
  UNION ALL
  SELECT 'pg_class'::regclass, c.oid, a.attnum, 'column', n.nspname, c.relname, a.attname, 'pg_class'::regclass, c.oid
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN user_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'pg_attrdef'::regclass, d.oid, 0, 'column', n.nspname, c.relname, a.attname, 'pg_class'::regclass, c.oid
  FROM pg_attrdef d
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  JOIN pg_class c ON c.oid = d.adrelid
  JOIN user_namespace n ON n.oid = c.relnamespace
  UNION ALL
  SELECT 'pg_type'::regclass, t.oid, 0,
         CASE WHEN tc.relkind IN ('r', 'p') THEN 'table' WHEN tc.relkind = 'v' THEN 'view'
              WHEN tc.relkind = 'm' THEN 'materialized view' ELSE 'type' END,
         n.nspname, coalesce(tc.relname, s.typname), '', 'pg_type'::regclass, s.oid
  FROM type_stands_for f
  JOIN pg_type t ON t.oid = f.oid
  JOIN pg_type s ON s.oid = f.target
  JOIN user_namespace n ON n.oid = s.typnamespace
  LEFT JOIN pg_class tc ON tc.oid = s.typrelid
  WHERE s.typtype IN ('b', 'e', 'd', 'r', 'c')
  UNION ALL
  SELECT 'pg_proc'::regclass, p.oid, 0, CASE WHEN p.prokind = 'a' THEN 'aggregate' ELSE 'routine' END,
         n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), 'pg_proc'::regclass, p.oid
  FROM pg_proc p
  JOIN user_namespace n ON n.oid = p.pronamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend x
                    WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'i')
  UNION ALL
  SELECT 'pg_constraint'::regclass, k.oid, 0, 'constraint', n.nspname, coalesce(c.relname, t.typname), k.conname,
         CASE WHEN k.conrelid <> 0 THEN 'pg_class'::regclass ELSE 'pg_type'::regclass END,
         CASE WHEN k.conrelid <> 0 THEN k.conrelid ELSE k.contypid END
  FROM pg_constraint k
  JOIN user_namespace n ON n.oid = k.connamespace
  LEFT JOIN pg_class c ON c.oid = k.conrelid
  LEFT JOIN pg_type t ON t.oid = k.contypid
  WHERE k.conislocal AND k.conparentid = 0 AND k.contype IN ('p', 'u', 'c', 'f', 'x')
  UNION ALL
  SELECT 'pg_trigger'::regclass, g.oid, 0, 'trigger', n.nspname, c.relname, g.tgname, 'pg_class'::regclass, c.oid
  FROM pg_trigger g
  JOIN pg_class c ON c.oid = g.tgrelid
  JOIN user_namespace n ON n.oid = c.relnamespace
  WHERE NOT g.tgisinternal AND g.tgparentid = 0
    AND NOT EXISTS (SELECT FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
                    WHERE f.oid = g.tgfoid AND fn.nspname ~ '^schemadiff')
  UNION ALL
  SELECT 'pg_policy'::regclass, p.oid, 0, 'policy', n.nspname, c.relname, p.polname, 'pg_class'::regclass, c.oid
  FROM pg_policy p
  JOIN pg_class c ON c.oid = p.polrelid
  JOIN user_namespace n ON n.oid = c.relnamespace
  UNION ALL
  SELECT 'pg_rewrite'::regclass, r.oid, 0, CASE WHEN c.relkind = 'm' THEN 'materialized view' ELSE 'view' END,
         n.nspname, c.relname, '', 'pg_class'::regclass, c.oid
  FROM pg_rewrite r
  JOIN pg_class c ON c.oid = r.ev_class AND c.relkind IN ('v', 'm')
  JOIN user_namespace n ON n.oid = c.relnamespace
  WHERE r.rulename = '_RETURN'
  UNION ALL
  SELECT 'pg_default_acl'::regclass, a.oid, 0, 'default privilege', n.nspname, pg_get_userbyid(a.defaclrole)::text,
         a.defaclobjtype::text, 'pg_default_acl'::regclass, a.oid
  FROM pg_default_acl a
  JOIN user_namespace n ON n.oid = a.defaclnamespace
),
extension_member (classid, objid, extname) AS (
  SELECT d.classid, d.objid, x.extname
  FROM pg_depend d
  JOIN pg_extension x ON x.oid = d.refobjid
  WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
)
SELECT o.kind, o.schema, o.name, o.member,
       CASE WHEN rx.extname IS NOT NULL THEN 'extension' ELSE r.kind END AS needs_kind,
       CASE WHEN rx.extname IS NOT NULL THEN '' ELSE r.schema END AS needs_schema,
       coalesce(rx.extname, r.name) AS needs_name,
       CASE WHEN rx.extname IS NOT NULL THEN '' ELSE r.member END AS needs_member
FROM pg_depend d
JOIN address o
  ON o.classid = d.classid AND o.objid = d.objid
 AND (o.objsubid = d.objsubid OR (o.objsubid = 0 AND o.kind <> 'table'))
LEFT JOIN address r
  ON r.classid = d.refclassid AND r.objid = d.refobjid
 AND (r.objsubid = d.refobjsubid OR (r.objsubid = 0 AND r.kind <> 'table'))
LEFT JOIN extension_member rx
  ON rx.classid = coalesce(r.owner_classid, d.refclassid) AND rx.objid = coalesce(r.owner_objid, d.refobjid)
WHERE d.deptype IN ('n', 'a')
  AND (r.kind IS NOT NULL OR rx.extname IS NOT NULL)
  AND NOT EXISTS (SELECT FROM extension_member ox WHERE ox.classid = o.owner_classid AND ox.objid = o.owner_objid)
  AND NOT (o.kind = 'sequence' AND r.kind = 'column' AND d.deptype = 'a')
)sql";

// Arrays (and from 14 multiranges, and arrays of multiranges) stand for the
// type they are made of.
constexpr std::string_view type_stands_for_14 = R"sql(
  SELECT t.oid, coalesce(em.rngtypid, e.oid, m.rngtypid, t.oid)
  FROM pg_type t
  LEFT JOIN pg_type e ON e.typarray = t.oid
  LEFT JOIN pg_range em ON em.rngmultitypid = e.oid
  LEFT JOIN pg_range m ON m.rngmultitypid = t.oid
)sql";
constexpr std::string_view type_stands_for_13 = R"sql(
  SELECT t.oid, coalesce(e.oid, t.oid)
  FROM pg_type t
  LEFT JOIN pg_type e ON e.typarray = t.oid
)sql";

std::string dependencies_query(int server_version_num) {
  const std::string_view stands_for = server_version_num >= 140000 ? type_stands_for_14 : type_stands_for_13;
  return fmt::format(fmt::runtime(dependencies_sql), fmt::arg("type_stands_for", stands_for));
}

model::ObjectKind object_kind(const std::string &kind) {
  using model::ObjectKind;
  static const std::map<std::string, ObjectKind, std::less<>> kinds = {
      {"schema", ObjectKind::Schema},
      {"extension", ObjectKind::Extension},
      {"collation", ObjectKind::Collation},
      {"type", ObjectKind::Type},
      {"sequence", ObjectKind::Sequence},
      {"table", ObjectKind::Table},
      {"column", ObjectKind::Column},
      {"constraint", ObjectKind::Constraint},
      {"index", ObjectKind::Index},
      {"view", ObjectKind::View},
      {"materialized view", ObjectKind::MaterializedView},
      {"routine", ObjectKind::Routine},
      {"aggregate", ObjectKind::Aggregate},
      {"trigger", ObjectKind::Trigger},
      {"policy", ObjectKind::Policy},
      {"default privilege", ObjectKind::DefaultPrivilege},
  };
  return kinds.at(kind);
}

// An object never needs itself, nor a column of its own: a view's rule
// reads the view, a column's default hangs on the column.
bool is_itself(const model::ObjectRef &need, const model::ObjectRef &object) {
  if (need == object) return true;
  return need.kind == model::ObjectKind::Column && object.member.empty() && need.schema == object.schema &&
         need.name == object.name;
}

void read_dependencies(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    const model::ObjectRef object{object_kind(text(row["kind"])), text(row["schema"]), text(row["name"]),
                                  text(row["member"])};
    const model::ObjectRef need{object_kind(text(row["needs_kind"])), text(row["needs_schema"]),
                                text(row["needs_name"]), text(row["needs_member"])};
    if (is_itself(need, object)) continue;
    catalog.dependencies[object].push_back(need);
  }
  for (auto &[object, needs] : catalog.dependencies) {
    std::sort(needs.begin(), needs.end());
    needs.erase(std::unique(needs.begin(), needs.end()), needs.end());
  }
}

} // namespace

const CatalogKind dependencies_kind{"dependencies", dependencies_query, read_dependencies};

} // namespace schemadiff::source
