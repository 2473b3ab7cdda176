// Row level security policies: CREATE POLICY, DROP POLICY, and ALTER
// POLICY for the roles and expressions. Whether a table enforces its
// policies is the table's (tables.cpp); a changed command or kind is a
// re-creation (the differ).

#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/policies.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

const model::Policy &policy_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto policy = catalog.policies.find({name_of(object), object.member});
  if (policy == catalog.policies.end()) throw Error("the catalog has no such policy", display(object));
  return policy->second;
}

std::vector<std::string> create_statements(const model::Policy &policy) {
  std::vector<std::string> statements{ddl::unless_exists(ddl::policy_exists(policy.key), ddl::create_policy(policy))};
  for (std::string &comment : ddl::comment_statements(ddl::policy_target(policy.key), std::nullopt, policy.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

std::string drop_statement(const model::Policy &policy) { return ddl::drop_if_exists(ddl::policy_target(policy.key)); }

std::string summary(const char *verb, const model::Policy &policy) {
  return fmt::format("{} policy {} on {}", verb, pg::quote_ident(policy.key.name), display(policy.key.table));
}

// CREATE, ALTER and DROP POLICY take ACCESS EXCLUSIVE on the table.
void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Policy &policy = policy_of(context.desired, object);
  Step step =
      table_step(context, Phase::Expand, summary(purpose == Purpose::RecreateCreate ? "re-create" : "create", policy),
                 policy.key.table, Lock::AccessExclusive);
  step.up = create_statements(policy);
  step.down = {drop_statement(policy)};
  step.creates = {object};
  steps.push_back(std::move(step));
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Policy &policy = policy_of(context.current, object);
  Step step =
      table_step(context, drop_phase(purpose), summary("drop", policy), policy.key.table, Lock::AccessExclusive);
  step.up = {drop_statement(policy)};
  step.down = create_statements(policy);
  step.drops = {object};
  steps.push_back(std::move(step));
}

// ALTER POLICY can set roles and expressions but not take an expression
// away: a policy that loses its USING or WITH CHECK is dropped and created
// again, in one step so that the table is never without it.
std::vector<std::string> alter_statements(const model::Policy &from, const model::Policy &to) {
  std::vector<std::string> statements;
  const bool loses_expression =
      (from.using_expression && !to.using_expression) || (from.check_expression && !to.check_expression);
  if (loses_expression) {
    statements = {drop_statement(from), ddl::unless_exists(ddl::policy_exists(to.key), ddl::create_policy(to))};
  } else {
    std::string clauses;
    if (from.roles != to.roles) clauses += "\n    TO " + ddl::policy_roles(to.roles);
    if (from.using_expression != to.using_expression) clauses += "\n    USING (" + *to.using_expression + ")";
    if (from.check_expression != to.check_expression) clauses += "\n    WITH CHECK (" + *to.check_expression + ")";
    if (!clauses.empty()) statements.push_back("ALTER POLICY " + ddl::policy_on_table(to.key) + clauses);
  }
  // A re-created policy has no comment yet.
  const std::optional<std::string> comment_before = loses_expression ? std::nullopt : from.comment;
  for (std::string &comment : ddl::comment_statements(ddl::policy_target(to.key), comment_before, to.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Policy &from = policy_of(context.current, object);
  const model::Policy &to = policy_of(context.desired, object);
  const bool policy_changes = from.roles != to.roles || from.using_expression != to.using_expression ||
                              from.check_expression != to.check_expression;
  // COMMENT ON POLICY alone takes SHARE UPDATE EXCLUSIVE, which reads and
  // writes do not wait for.
  Step step = table_step(context, Phase::Expand, summary("alter", to), to.key.table,
                         policy_changes ? Lock::AccessExclusive : Lock::ShareUpdateExclusive);
  step.up = alter_statements(from, to);
  step.down = alter_statements(to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder policy_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
