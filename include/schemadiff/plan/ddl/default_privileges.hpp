#pragma once
// ALTER DEFAULT PRIVILEGES as statements, shared by the plan's builder and
// `schemadiff inspect`.

#include "schemadiff/model/default_privilege.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

// How ALTER DEFAULT PRIVILEGES names the objects of a defaclobjtype:
// "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS", "LARGE OBJECTS".
std::string default_privilege_objects(char object_type);

// What an entry is stated against. A schema's entry adds to the global
// defaults, so it starts from nothing; a global entry replaces PostgreSQL's
// built-in defaults (acldefault: the creating role's own privileges, and
// USAGE on types or EXECUTE on functions for PUBLIC), so what it lacks of
// those was revoked. PostgreSQL removes an entry that comes back to this.
model::Privileges default_privilege_baseline(const model::DefaultPrivilegeKey &key, int server_version_num);

// ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] GRANT / REVOKE ... that
// turn the entry's `from` privileges into `to`.
std::vector<std::string> default_privilege_statements(const model::DefaultPrivilegeKey &key,
                                                      const model::Privileges &to, const model::Privileges &from);

} // namespace schemadiff::plan::ddl
