#include "schemadiff/plan/ddl/policies.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

std::string create_policy(const model::Policy &policy) {
  std::string statement = fmt::format("CREATE POLICY {}\n    AS {}\n    FOR {}", policy_on_table(policy.key),
                                      policy.permissive ? "PERMISSIVE" : "RESTRICTIVE", policy.command);
  if (!policy.roles.empty()) statement += "\n    TO " + policy_roles(policy.roles);
  if (policy.using_expression) statement += "\n    USING (" + *policy.using_expression + ")";
  if (policy.check_expression) statement += "\n    WITH CHECK (" + *policy.check_expression + ")";
  return statement;
}

std::string policy_roles(const std::vector<std::string> &roles) {
  std::string listed;
  for (const std::string &role : roles) listed += (listed.empty() ? "" : ", ") + role_name(role);
  return listed;
}

std::string policy_on_table(const model::TableMemberKey &key) {
  return fmt::format("{} ON {}", pg::quote_ident(key.name), qualified(key.table));
}

std::string policy_target(const model::TableMemberKey &key) { return "POLICY " + policy_on_table(key); }

} // namespace schemadiff::plan::ddl
