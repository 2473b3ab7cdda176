#pragma once
// Privileges and comments as statements: the same for a new object (from
// the built-in defaults) and for a changed one (from its current state).

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

} // namespace schemadiff::plan::ddl
