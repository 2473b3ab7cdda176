#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

std::string create_policy(const model::Policy &policy) {
  std::string statement =
      fmt::format("CREATE POLICY {} ON {}\n    AS {}\n    FOR {}", pg::quote_ident(policy.key.name),
                  qualified(policy.key.table), policy.permissive ? "PERMISSIVE" : "RESTRICTIVE", policy.command);
  if (!policy.roles.empty()) {
    std::string roles;
    for (const std::string &role : policy.roles) roles += (roles.empty() ? "" : ", ") + role_name(role);
    statement += "\n    TO " + roles;
  }
  if (policy.using_expression) statement += "\n    USING (" + *policy.using_expression + ")";
  if (policy.check_expression) statement += "\n    WITH CHECK (" + *policy.check_expression + ")";
  return statement;
}

} // namespace

void render_row_security(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, table] : catalog.tables) {
    std::vector<std::string> statements;
    if (table.row_security) statements.push_back("ALTER TABLE " + qualified(name) + " ENABLE ROW LEVEL SECURITY");
    // FORCE stands on its own: it makes the owner subject to the policies.
    if (table.force_row_security) {
      statements.push_back("ALTER TABLE " + qualified(name) + " FORCE ROW LEVEL SECURITY");
    }
    script.add("row level security on " + qualified(name), statements);
  }
  for (const auto &[key, policy] : catalog.policies) {
    script.add(fmt::format("policy {} on {}", pg::quote_ident(key.name), qualified(key.table)),
               {create_policy(policy)});
  }
}

} // namespace schemadiff::emit
