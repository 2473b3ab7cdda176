#include "schemadiff/plan/ddl/privileges.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/pg/quote.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

using model::Privilege;
using model::Privileges;

namespace {

bool holds(const Privileges &privileges, const Privilege &wanted) {
  return std::find(privileges.begin(), privileges.end(), wanted) != privileges.end();
}

} // namespace

// One REVOKE per missing default; one GRANT per grantee and grant option,
// privileges in the model's order.
std::vector<std::string> grant_statements(const std::string &target, const Privileges &privileges,
                                          const Privileges &baseline, const std::string &column) {
  std::vector<std::string> statements;
  for (const Privilege &privilege : baseline) {
    if (holds(privileges, privilege)) continue;
    statements.push_back(
        fmt::format("REVOKE {} ON {} FROM {}", privilege.privilege, target, role_name(privilege.grantee)));
  }
  Privileges granted;
  for (const Privilege &privilege : privileges) {
    if (!holds(baseline, privilege)) granted.push_back(privilege);
  }
  std::string listed;
  for (std::size_t i = 0; i < granted.size(); ++i) {
    const Privilege &privilege = granted[i];
    if (!listed.empty()) listed += ", ";
    listed += privilege.privilege + (column.empty() ? "" : " (" + pg::quote_ident(column) + ")");
    const bool last_of_group = i + 1 == granted.size() || granted[i + 1].grantee != privilege.grantee ||
                               granted[i + 1].grantable != privilege.grantable;
    if (!last_of_group) continue;
    statements.push_back(fmt::format("GRANT {} ON {} TO {}{}", listed, target, role_name(privilege.grantee),
                                     privilege.grantable ? " WITH GRANT OPTION" : ""));
    listed.clear();
  }
  return statements;
}

std::vector<std::string> comment_statements(const std::string &target, const std::optional<std::string> &from,
                                            const std::optional<std::string> &to) {
  if (from == to) return {};
  return {fmt::format("COMMENT ON {} IS {}", target, to ? pg::quote_literal(*to) : "NULL")};
}

std::vector<model::DefaultPrivilegeKey> default_privileges_for(const model::Catalog &catalog, const std::string &schema,
                                                               char object_type) {
  std::vector<model::DefaultPrivilegeKey> keys;
  for (const auto &[key, entry] : catalog.default_privileges) {
    if (key.object_type == object_type && (key.schema == schema || key.schema.empty())) keys.push_back(key);
  }
  return keys;
}

Privileges privileges_at_creation(const model::Catalog &catalog, const std::string &schema, char object_type,
                                  const Privileges &built_in) {
  Privileges granted = built_in;
  for (const model::DefaultPrivilegeKey &key : default_privileges_for(catalog, schema, object_type)) {
    const model::DefaultPrivilege &entry = catalog.default_privileges.at(key);
    if (key.schema.empty()) {
      // A global entry replaces the built-in defaults.
      granted.clear();
    }
    for (const Privilege &privilege : entry.privileges) {
      if (privilege.grantee != key.role && !holds(granted, privilege)) granted.push_back(privilege);
    }
  }
  std::sort(granted.begin(), granted.end());
  return granted;
}

} // namespace schemadiff::plan::ddl
