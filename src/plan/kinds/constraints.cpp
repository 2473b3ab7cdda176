// Table constraints: ADD CONSTRAINT, DROP CONSTRAINT, VALIDATE CONSTRAINT.

#include "backfill.hpp"
#include "builders.hpp"
#include "index_swap.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/tables.hpp"

#include <algorithm>

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
  // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS: added only when missing,
  // so that the file can run again.
  std::vector<std::string> statements{ddl::unless_exists(ddl::constraint_exists(table.name, constraint.name),
                                                         ddl::add_constraint(catalog, table, constraint))};
  for (std::string &comment :
       ddl::comment_statements(constraint_target(table, constraint), std::nullopt, constraint.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

// IF EXISTS: run again after it succeeded, it does nothing.
std::string drop_statement(const model::Table &table, const model::Constraint &constraint) {
  return fmt::format("ALTER TABLE IF EXISTS {} DROP CONSTRAINT IF EXISTS {}", ddl::qualified(table.name),
                     pg::quote_ident(constraint.name));
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

std::string summary_of(Purpose purpose, const model::ObjectRef &object) {
  return (purpose == Purpose::RecreateCreate ? "re-add constraint " : "add constraint ") + display(object);
}

// Foreign keys and checks on a table with rows: added NOT VALID (no scan,
// a brief lock), then validated in a later step that lets reads and writes
// go on (SHARE UPDATE EXCLUSIVE).
void add_then_validate(const BuildContext &context, const model::Table &table, const model::Constraint &constraint,
                       const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  model::Constraint not_valid = constraint;
  not_valid.validated = false;
  Step add =
      table_step(context, Phase::Expand, summary_of(purpose, object) + " NOT VALID", table.name, lock_of(constraint));
  add.up = add_statements(context.desired, table, not_valid);
  add.down = {drop_statement(table, constraint)};
  add.creates = {object};
  steps.push_back(std::move(add));

  Step validate = table_step(context, Phase::Contract, "validate constraint " + display(object), table.name,
                             Lock::ShareUpdateExclusive);
  validate.up = {fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", ddl::qualified(table.name),
                             pg::quote_ident(constraint.name))};
  // Validation changes no definition: the down of the add removes the constraint.
  validate.needs = {object};
  validate.hazards.push_back({HazardKind::FullScan, "reads every row to validate, without blocking reads or writes"});
  steps.push_back(std::move(validate));
}

// "ADD CONSTRAINT c PRIMARY KEY USING INDEX i": the constraint takes the
// index over and renames it to its own name.
std::string add_using_index(const model::Constraint &constraint, const std::string &index) {
  const std::string kind = constraint.kind == ConstraintKind::PrimaryKey ? "PRIMARY KEY" : "UNIQUE";
  const std::string deferral = !constraint.deferrable          ? ""
                               : constraint.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
                                                               : " DEFERRABLE";
  return fmt::format("ADD CONSTRAINT {} {} USING INDEX {}{}", pg::quote_ident(constraint.name), kind,
                     pg::quote_ident(index), deferral);
}

// What the index of a key needs before it is built: the columns the key
// reads (a column added by the plan comes first), and whatever else the
// constraint and its index need in the desired catalog. The index itself
// records no column: PostgreSQL makes the constraint depend on them.
std::vector<model::ObjectRef> key_needs(const BuildContext &context, const model::Table &table,
                                        const model::Constraint &constraint, const model::Index &index) {
  std::vector<model::ObjectRef> needs;
  for (const std::string &column : constraint.columns) {
    needs.push_back(diff::member_ref(ObjectKind::Column, table.name, column));
  }
  for (const model::ObjectRef &object : {diff::member_ref(ObjectKind::Constraint, table.name, constraint.name),
                                         diff::relation_ref(ObjectKind::Index, index.name)}) {
    if (const auto found = context.desired.dependencies.find(object); found != context.desired.dependencies.end()) {
      needs.insert(needs.end(), found->second.begin(), found->second.end());
    }
  }
  return needs;
}

// The primary key columns that become NOT NULL in a step of their own, in the
// contract phase: an existing nullable column, or a new one added nullable to
// be backfilled (columns.cpp, through a validated CHECK). The key waits for
// that step: ADD PRIMARY KEY on a nullable column would set NOT NULL itself,
// scanning the table under its ACCESS EXCLUSIVE lock, and the column's down
// (DROP NOT NULL) must run once the key is gone.
std::vector<std::string> columns_made_not_null_later(const BuildContext &context, const model::Table &table,
                                                     const model::Constraint &constraint) {
  std::vector<std::string> later;
  if (constraint.kind != ConstraintKind::PrimaryKey || table.partition_of) return later;
  const model::Table &current = context.current.tables.at(table.name);
  for (const std::string &name : constraint.columns) {
    const model::Column *column = table.column(name);
    const model::Column *existing = current.column(name);
    if (column == nullptr) continue;
    const bool backfilled = !column->identity && !column->generated &&
                            (!column->default_value || is_volatile_default(*column->default_value)) &&
                            has_rows(context, table.name);
    if (existing != nullptr ? !existing->not_null : backfilled) later.push_back(name);
  }
  return later;
}

// A key that waits for NOT NULL steps (contract) needs them, and is in
// their phase; a nullable column it meets anyway is scanned under its lock.
void wait_for_not_null(const BuildContext &context, const model::Table &table, const model::Constraint &constraint,
                       Step &step) {
  const std::vector<std::string> later = columns_made_not_null_later(context, table, constraint);
  for (const std::string &column : later) step.needs.push_back(not_null_ref(table.name, column));
  if (!later.empty()) step.phase = Phase::Contract;
  if (constraint.kind != ConstraintKind::PrimaryKey) return;
  for (const std::string &column : constraint.columns) {
    const model::Column *current = context.current.tables.at(table.name).column(column);
    if (current != nullptr && !current->not_null && std::find(later.begin(), later.end(), column) == later.end()) {
      step.hazards.push_back({HazardKind::FullScan, fmt::format("the primary key makes {} NOT NULL, scanning the table "
                                                                "under the lock",
                                                                pg::quote_ident(column))});
    }
  }
}

// A primary key or unique constraint on a table with rows: its index is
// built CONCURRENTLY first, then the constraint takes it over (USING INDEX)
// under a brief lock.
void index_then_constraint(const BuildContext &context, const model::Table &table, const model::Constraint &constraint,
                           const model::Index &index, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::ObjectRef index_ref = diff::relation_ref(ObjectKind::Index, index.name);
  Step build = table_step(context, Phase::Expand, "build index " + display(index.name) + " for " + display(object),
                          table.name, Lock::ShareUpdateExclusive);
  build.retry_cleanup = ddl::invalid_index_cleanup(index.name, context.options.lock_timeout);
  build.up = {ddl::concurrently(index.definition)};
  build.down = {"DROP INDEX CONCURRENTLY IF EXISTS " + ddl::qualified(index.name)};
  build.transactional = false;
  build.creates = {index_ref};
  build.needs = key_needs(context, table, constraint, index);
  steps.push_back(std::move(build));

  Step attach = table_step(context, Phase::Expand, summary_of(purpose, object) + " using its index", table.name,
                           Lock::AccessExclusive);
  attach.up = {ddl::unless_exists(
      ddl::constraint_exists(table.name, constraint.name),
      fmt::format("ALTER TABLE {} {}", ddl::qualified(table.name), add_using_index(constraint, index.name.name)))};
  for (std::string &comment :
       ddl::comment_statements(constraint_target(table, constraint), std::nullopt, constraint.comment)) {
    attach.up.push_back(std::move(comment));
  }
  // Dropping the constraint drops its index too; the down of the build
  // step then finds nothing left to drop.
  attach.down = {drop_statement(table, constraint)};
  // The constraint takes the index over: what needs the index (a foreign
  // key elsewhere) comes after this step, so that its down runs first.
  attach.creates = {object, index_ref};
  attach.needs = {index_ref};
  wait_for_not_null(context, table, constraint, attach);
  steps.push_back(std::move(attach));
}

// A changed primary key or unique constraint on a table with rows is never
// missing: the new index is built CONCURRENTLY under a temporary name, then
// one short transaction drops the old constraint (and its index) and adds the
// new one USING the built index, which takes the constraint's name. Foreign
// keys on the old index move along in that transaction. The down builds the
// old index CONCURRENTLY again and swaps back the same way.
void swap_key(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Table &from_table = table_of(context.current, object);
  const model::Table &table = table_of(context.desired, object);
  const model::Constraint &from = constraint_of(context.current, object);
  const model::Constraint &to = constraint_of(context.desired, object);
  const model::Index &old_index = *key_index(context.current, from_table.name, from.name);
  const model::Index &new_index = *key_index(context.desired, table.name, to.name);
  const model::QualifiedName temporary = temporary_index_name(context, new_index.name);
  const std::vector<MovedForeignKey> moved = foreign_keys_moving_from(context, old_index.name);
  steps.push_back(replacement_build(
      context, fmt::format("build index {} to replace the index of {}", display(temporary), display(object)), new_index,
      temporary, key_needs(context, table, to, new_index), moved));

  Step swap =
      table_step(context, Phase::Expand, fmt::format("swap {} over to index {}", display(object), display(temporary)),
                 table.name, Lock::AccessExclusive);
  const std::string alter = "ALTER TABLE " + ddl::qualified(table.name);
  swap.up = {
      fmt::format("{} DROP CONSTRAINT {}, {}", alter, pg::quote_ident(from.name), add_using_index(to, temporary.name))};
  for (std::string &comment : ddl::comment_statements(constraint_target(table, to), std::nullopt, to.comment)) {
    swap.up.push_back(std::move(comment));
  }
  swap.down = {
      fmt::format("{} DROP CONSTRAINT {}, {}", alter, pg::quote_ident(to.name), add_using_index(from, temporary.name))};
  for (std::string &comment : ddl::comment_statements(constraint_target(table, from), std::nullopt, from.comment)) {
    swap.down.push_back(std::move(comment));
  }
  const model::ObjectRef old_index_ref = diff::relation_ref(ObjectKind::Index, old_index.name);
  const model::ObjectRef new_index_ref = diff::relation_ref(ObjectKind::Index, new_index.name);
  swap.creates = {object, new_index_ref};
  swap.drops = {object, old_index_ref};
  swap.needs = {diff::relation_ref(ObjectKind::Index, temporary)};
  wait_for_not_null(context, table, to, swap);
  move_foreign_keys(context, moved, swap);
  // Run again once the built index took the constraint's name, it would
  // drop the new constraint: both directions act only while the index
  // under the temporary name is there.
  swap.up = {ddl::only_while(ddl::relation_exists(temporary), swap.up)};
  swap.down = {ddl::only_while(ddl::relation_exists(temporary), swap.down)};
  const Phase phase = swap.phase;
  steps.push_back(std::move(swap));
  steps.push_back(rebuild_for_the_down(context, phase, old_index, temporary, object));
  validate_moved_foreign_keys(context, moved, steps);
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  const model::Constraint &constraint = constraint_of(context.desired, object);
  if (ddl::inherited_constraint(context.desired, table, constraint) || moves_with_a_swap(context, object)) return;
  if (purpose == Purpose::RecreateCreate && swaps_key(context, object)) {
    swap_key(context, object, steps);
    return;
  }
  const bool existing = is_existing_table(context, table.name) && !table.partition_key;
  const bool scans = constraint.kind == ConstraintKind::Check || constraint.kind == ConstraintKind::ForeignKey;
  if (existing && scans && constraint.validated) {
    add_then_validate(context, table, constraint, object, purpose, steps);
    return;
  }
  const bool keyed = constraint.kind == ConstraintKind::PrimaryKey || constraint.kind == ConstraintKind::Unique;
  const model::Index *index = key_index(context.desired, table.name, constraint.name);
  if (existing && keyed && index != nullptr) {
    index_then_constraint(context, table, constraint, *index, object, purpose, steps);
    return;
  }
  Step step = table_step(context, Phase::Expand, summary_of(purpose, object), table.name, lock_of(constraint));
  step.up = add_statements(context.desired, table, constraint);
  step.down = {drop_statement(table, constraint)};
  step.creates = with_index(context.desired, table, constraint, object);
  if (existing && constraint.kind == ConstraintKind::Exclusion) {
    step.hazards.push_back(
        {HazardKind::AccessExclusiveLock,
         "an exclusion constraint builds its index while blocking reads and writes (no online form)"});
  }
  steps.push_back(std::move(step));
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.current, object);
  const model::Constraint &constraint = constraint_of(context.current, object);
  if (ddl::inherited_constraint(context.current, table, constraint) || moves_with_a_swap(context, object)) return;
  if (purpose == Purpose::RecreateDrop && swaps_key(context, object)) return; // the swap drops it
  Step step =
      table_step(context, drop_phase(purpose), "drop constraint " + display(object), table.name, lock_of(constraint));
  step.up = {drop_statement(table, constraint)};
  step.down = add_statements(context.current, table, constraint);
  step.drops = with_index(context.current, table, constraint, object);
  steps.push_back(std::move(step));
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  const model::Constraint &from = constraint_of(context.current, object);
  const model::Constraint &to = constraint_of(context.desired, object);
  if (moves_with_a_swap(context, object)) return; // added back as the desired schema has it
  Step step =
      table_step(context, Phase::Expand, "alter constraint " + display(object), table.name, Lock::ShareUpdateExclusive);
  if (!from.validated && to.validated) {
    step.up.push_back(
        fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", ddl::qualified(table.name), pg::quote_ident(to.name)));
    step.hazards.push_back({HazardKind::Irreversible,
                            "a validated constraint cannot be marked NOT VALID again; the down keeps it validated"});
  }
  for (std::string &comment : ddl::comment_statements(constraint_target(table, to), from.comment, to.comment))
    step.up.push_back(std::move(comment));
  for (std::string &comment : ddl::comment_statements(constraint_target(table, to), to.comment, from.comment))
    step.down.push_back(std::move(comment));
  step.creates = {object};
  steps.push_back(std::move(step));
}

} // namespace

const KindBuilder constraint_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
