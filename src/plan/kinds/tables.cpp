// Tables: CREATE TABLE with the columns and the constraints that need
// nothing else (foreign keys are steps of their own), DROP TABLE, and ALTER
// TABLE for the table's own attributes.

#include "backup.hpp"
#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/tables.hpp"
#include "schemadiff/pg/quote.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ConstraintKind;
using model::ObjectKind;

std::vector<std::string> row_security(const model::Table &table, bool enable, bool force) {
  std::vector<std::string> statements;
  const std::string name = ddl::qualified(table.name);
  if (enable != table.row_security) {
    statements.push_back(fmt::format("ALTER TABLE {} {} ROW LEVEL SECURITY", name, table.row_security ? "ENABLE" : "DISABLE"));
  }
  if (force != table.force_row_security) {
    statements.push_back(fmt::format("ALTER TABLE {} {} ROW LEVEL SECURITY", name, table.force_row_security ? "FORCE" : "NO FORCE"));
  }
  return statements;
}

std::vector<std::string> column_attributes(const model::Table &table, const model::Column *from, const model::Column &to) {
  const std::string name = ddl::qualified(table.name);
  std::vector<std::string> statements = ddl::comment_statements(
      fmt::format("COLUMN {}.{}", name, pg::quote_ident(to.name)), from ? from->comment : std::nullopt, to.comment);
  for (std::string &grant : ddl::grant_statements("TABLE " + name, to.privileges, from ? from->privileges : model::Privileges{}, to.name)) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

// Everything that makes the table what the catalog says, short of its
// foreign keys, indexes, triggers and policies (objects of their own).
std::vector<std::string> create_statements(const model::Catalog &catalog, const model::Table &table) {
  // Guarded, so that the file can run again after it succeeded.
  std::vector<std::string> statements{ddl::if_not_exists(ddl::create_table(catalog, table))};
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind == ConstraintKind::ForeignKey || ddl::inherited_constraint(catalog, table, constraint)) continue;
    statements.push_back(ddl::unless_exists(ddl::constraint_exists(table.name, constraint.name),
                                            ddl::add_constraint(catalog, table, constraint)));
    for (std::string &comment : ddl::comment_statements(fmt::format("CONSTRAINT {} ON {}", pg::quote_ident(constraint.name),
                                                                    ddl::qualified(table.name)),
                                                        std::nullopt, constraint.comment)) {
      statements.push_back(std::move(comment));
    }
  }
  for (std::string &statement : row_security(table, false, false)) statements.push_back(std::move(statement));
  for (std::string &comment : ddl::comment_statements("TABLE " + ddl::qualified(table.name), std::nullopt, table.comment)) {
    statements.push_back(std::move(comment));
  }
  const model::Privileges at_creation = ddl::privileges_at_creation(catalog, table.name.schema, 'r');
  for (std::string &grant : ddl::grant_statements("TABLE " + ddl::qualified(table.name), table.privileges, at_creation)) {
    statements.push_back(std::move(grant));
  }
  for (const model::Column &column : table.columns) {
    for (std::string &statement : column_attributes(table, nullptr, column)) statements.push_back(std::move(statement));
  }
  return statements;
}

std::string drop_table(const model::Table &table) { return "DROP TABLE IF EXISTS " + ddl::qualified(table.name); }

void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  Step step = table_step(context, Phase::Expand, "create table " + display(table.name), table.name, Lock::None);
  step.locked_relation.reset();
  step.up = create_statements(context.desired, table);
  step.down = {drop_table(table)};
  if (purpose == Purpose::RecreateCreate) {
    // Only while the old table is still in the backup schema: run again
    // after the down succeeded, the table there is the old one, restored.
    const std::string kept = table_backup(table).where;
    step.down = {ddl::only_while("to_regclass(" + pg::quote_literal(kept) + ") IS NOT NULL", step.down)};
  }
  step.creates = {object};
  for (const model::Column &column : table.columns) step.creates.push_back(diff::member_ref(ObjectKind::Column, table.name, column.name));
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind != ConstraintKind::ForeignKey) {
      step.creates.push_back(diff::member_ref(ObjectKind::Constraint, table.name, constraint.name));
    }
  }
  for (const model::DefaultPrivilegeKey &key : ddl::default_privileges_for(context.desired, table.name.schema, 'r')) {
    step.needs.push_back(diff::default_privilege_ref(key));
  }
  if (purpose == Purpose::RecreateCreate) step.summary = "re-create table " + display(table.name);
  steps.push_back(std::move(step));
  // Foreign keys wait for the tables and keys they reference.
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind != ConstraintKind::ForeignKey || ddl::inherited_constraint(context.desired, table, constraint)) continue;
    constraint_builder.create(context, diff::member_ref(ObjectKind::Constraint, table.name, constraint.name), purpose, steps);
  }
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.current, object);
  Step step = table_step(context, drop_phase(purpose), "drop table " + display(table.name), table.name, Lock::AccessExclusive);
  // Not dropped: moved into the backup schema with its rows, constraints
  // and owned sequences, so that the down brings back exactly what was there.
  const Backup backup = table_backup(table);
  step.up = backup.up;
  step.down = backup.down;
  step.drops = {object};
  const std::string rows = step.estimated_rows && *step.estimated_rows >= 0 ? fmt::format("~{:.0f} rows", *step.estimated_rows) : "its rows";
  step.hazards.push_back({HazardKind::DataLoss, fmt::format("{} leaves the schema with {}; they are kept in {} for the down: "
                                                            "drop that table once the change is final",
                                                            display(table.name), rows, backup.where)});
  step.hazards.push_back({HazardKind::BreaksRunningCode, "code still using the table fails"});
  if (purpose == Purpose::Drop) step.deploy_first = fmt::format("code that no longer uses {}", display(table.name));
  steps.push_back(std::move(step));
}

// Statements that turn `from` into `to`, for the table's own attributes.
std::vector<std::string> alter_statements(const model::Table &from, const model::Table &to) {
  std::vector<std::string> statements;
  const std::string name = ddl::qualified(to.name);
  if (from.unlogged != to.unlogged) statements.push_back(fmt::format("ALTER TABLE {} SET {}", name, to.unlogged ? "UNLOGGED" : "LOGGED"));
  if (from.options != to.options) {
    std::vector<std::string> reset;
    for (const std::string &option : from.options) {
      const std::string key = option.substr(0, option.find('='));
      const bool kept = std::any_of(to.options.begin(), to.options.end(),
                                    [&](const std::string &o) { return o.substr(0, o.find('=')) == key; });
      if (!kept) reset.push_back(key);
    }
    if (!reset.empty()) statements.push_back(fmt::format("ALTER TABLE {} RESET ({})", name, fmt::join(reset, ", ")));
    if (!to.options.empty()) statements.push_back(fmt::format("ALTER TABLE {} SET ({})", name, ddl::storage_options(to.options)));
  }
  if (from.partition_of && to.partition_of && from.partition_of->bound != to.partition_of->bound) {
    const std::string parent = ddl::qualified(to.partition_of->parent);
    statements.push_back(fmt::format("ALTER TABLE {} DETACH PARTITION {}", parent, name));
    statements.push_back(fmt::format("ALTER TABLE {} ATTACH PARTITION {} {}", parent, name, to.partition_of->bound));
  }
  for (std::string &statement : row_security(to, from.row_security, from.force_row_security)) statements.push_back(std::move(statement));
  for (std::string &comment : ddl::comment_statements("TABLE " + name, from.comment, to.comment)) statements.push_back(std::move(comment));
  for (std::string &grant : ddl::grant_statements("TABLE " + name, to.privileges, from.privileges)) statements.push_back(std::move(grant));
  return statements;
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Table &from = table_of(context.current, object);
  const model::Table &to = table_of(context.desired, object);
  Step step = table_step(context, Phase::Expand, "alter table " + display(to.name), to.name, Lock::AccessExclusive);
  step.up = alter_statements(from, to);
  step.down = alter_statements(to, from);
  step.creates = {object};
  if (from.unlogged != to.unlogged) {
    step.hazards.push_back({HazardKind::TableRewrite, fmt::format("SET {} rewrites the whole table under an ACCESS EXCLUSIVE lock",
                                                                  to.unlogged ? "UNLOGGED" : "LOGGED")});
  }
  steps.push_back(std::move(step));
}

} // namespace

const KindBuilder table_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
