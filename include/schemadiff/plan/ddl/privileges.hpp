#pragma once
// Privileges and comments as statements: the same for a new object (from
// the built-in defaults) and for a changed one (from its current state).

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/model/privilege.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

// What turns `baseline` (what the object grants now, or what a new object
// grants by itself) into `privileges` on `target` ("TABLE public.t";
// `column` for a column grant): one REVOKE per privilege to remove, one GRANT
// per grantee and grant option.
std::vector<std::string> grant_statements(const std::string &target, const model::Privileges &privileges,
                                          const model::Privileges &baseline, const std::string &column = {});

// COMMENT ON `target` IS ... when the comment changes from `from` to `to`
// (IS NULL removes it); nothing when it does not change.
std::vector<std::string> comment_statements(const std::string &target, const std::optional<std::string> &from,
                                            const std::optional<std::string> &to);

// What a new object of `object_type` (a pg_default_acl letter: r, S, f, T,
// n) in `schema` is granted at creation by ALTER DEFAULT PRIVILEGES, on top
// of PostgreSQL's built-in defaults (`built_in`): the baseline its GRANTs
// and REVOKEs start from. The creating role's own entries are left out, as
// the model leaves out an owner's privileges.
model::Privileges privileges_at_creation(const model::Catalog &catalog, const std::string &schema, char object_type,
                                         const model::Privileges &built_in = {});

// The default privileges entries that decide privileges_at_creation: a
// step creating such an object runs after the steps that change them.
std::vector<model::DefaultPrivilegeKey> default_privileges_for(const model::Catalog &catalog, const std::string &schema,
                                                               char object_type);

} // namespace schemadiff::plan::ddl
