#pragma once
// Row level security policies as statements, shared by the planner and
// `schemadiff inspect`.

#include "schemadiff/model/policy.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

// CREATE POLICY ... AS PERMISSIVE|RESTRICTIVE FOR cmd TO roles USING (...)
// WITH CHECK (...).
std::string create_policy(const model::Policy &policy);

// The roles of a policy as TO lists them: "PUBLIC, alice, \"Bob\"".
std::string policy_roles(const std::vector<std::string> &roles);

// How COMMENT, ALTER and DROP name a policy: "name ON s.t" (COMMENT ON adds
// POLICY in front).
std::string policy_on_table(const model::TableMemberKey &key);
std::string policy_target(const model::TableMemberKey &key);

} // namespace schemadiff::plan::ddl
