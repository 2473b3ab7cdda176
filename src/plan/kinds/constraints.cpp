// Table constraints: ADD CONSTRAINT, DROP CONSTRAINT, VALIDATE CONSTRAINT.

#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/tables.hpp"
#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ConstraintKind;
using model::ObjectKind;

std::string constraint_target(const model::Table &table, const model::Constraint &constraint) {
  return fmt::format("CONSTRAINT {} ON {}", pg::quote_ident(constraint.name), ddl::qualified(table.name));
}

std::vector<std::string> add_statements(const model::Catalog &catalog, const model::Table &table,
                                        const model::Constraint &constraint) {
  std::vector<std::string> statements{ddl::add_constraint(catalog, table, constraint)};
  for (std::string &comment : ddl::comment_statements(constraint_target(table, constraint), std::nullopt, constraint.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

std::string drop_statement(const model::Table &table, const model::Constraint &constraint) {
  return fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", ddl::qualified(table.name), pg::quote_ident(constraint.name));
}

// A key or exclusion constraint brings its index: the index is what a
// foreign key elsewhere depends on.
std::vector<model::ObjectRef> with_index(const model::Catalog &catalog, const model::Table &table,
                                         const model::Constraint &constraint, const model::ObjectRef &object) {
  std::vector<model::ObjectRef> objects{object};
  for (const auto &[name, index] : catalog.indexes) {
    if (index.table == table.name && index.constraint == constraint.name) {
      objects.push_back(diff::relation_ref(ObjectKind::Index, name));
    }
  }
  return objects;
}

Lock lock_of(const model::Constraint &constraint) {
  // A foreign key locks both tables in SHARE ROW EXCLUSIVE mode; the other
  // kinds take ACCESS EXCLUSIVE on their table.
  return constraint.kind == ConstraintKind::ForeignKey ? Lock::ShareRowExclusive : Lock::AccessExclusive;
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  const model::Constraint &constraint = constraint_of(context.desired, object);
  if (ddl::inherited_constraint(context.desired, table, constraint)) return;
  Step step = table_step(context, Phase::Expand,
                         (purpose == Purpose::RecreateCreate ? "re-add constraint " : "add constraint ") + display(object),
                         table.name, lock_of(constraint));
  step.up = add_statements(context.desired, table, constraint);
  step.down = {drop_statement(table, constraint)};
  step.creates = with_index(context.desired, table, constraint, object);
  if (constraint.validated && (constraint.kind == ConstraintKind::Check || constraint.kind == ConstraintKind::ForeignKey)) {
    step.hazards.push_back({HazardKind::FullScan, "checks every existing row while holding the lock"});
  }
  if (constraint.kind == ConstraintKind::PrimaryKey || constraint.kind == ConstraintKind::Unique ||
      constraint.kind == ConstraintKind::Exclusion) {
    step.hazards.push_back({HazardKind::AccessExclusiveLock, "builds its index while blocking reads and writes"});
  }
  steps.push_back(std::move(step));
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.current, object);
  const model::Constraint &constraint = constraint_of(context.current, object);
  if (ddl::inherited_constraint(context.current, table, constraint)) return;
  Step step = table_step(context, drop_phase(purpose), "drop constraint " + display(object), table.name, lock_of(constraint));
  step.up = {drop_statement(table, constraint)};
  step.down = add_statements(context.current, table, constraint);
  step.drops = with_index(context.current, table, constraint, object);
  steps.push_back(std::move(step));
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  const model::Constraint &from = constraint_of(context.current, object);
  const model::Constraint &to = constraint_of(context.desired, object);
  Step step = table_step(context, Phase::Expand, "alter constraint " + display(object), table.name, Lock::ShareUpdateExclusive);
  if (!from.validated && to.validated) {
    step.up.push_back(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", ddl::qualified(table.name), pg::quote_ident(to.name)));
    step.hazards.push_back({HazardKind::Irreversible, "a validated constraint cannot be marked NOT VALID again; the down keeps it validated"});
  }
  for (std::string &comment : ddl::comment_statements(constraint_target(table, to), from.comment, to.comment)) step.up.push_back(std::move(comment));
  for (std::string &comment : ddl::comment_statements(constraint_target(table, to), to.comment, from.comment)) step.down.push_back(std::move(comment));
  step.creates = {object};
  steps.push_back(std::move(step));
}

} // namespace

const KindBuilder constraint_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
