// Indexes that no constraint owns: CREATE INDEX, DROP INDEX, COMMENT.

#include "builders.hpp"
#include "index_swap.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ObjectKind;

const model::Index &index_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto index = catalog.indexes.find(name_of(object));
  if (index == catalog.indexes.end()) throw Error("the catalog has no such index", display(name_of(object)));
  return index->second;
}

// For a concurrent build, its first statement removes the INVALID index a
// build that failed half-way leaves (and nothing else).
std::vector<std::string> create_statements(const BuildContext &context, const model::Index &index, bool concurrently) {
  std::vector<std::string> statements;
  if (concurrently) {
    statements.push_back(ddl::invalid_index_cleanup(index.name, context.options.lock_timeout));
    statements.push_back(ddl::concurrently(index.definition));
  } else {
    statements.push_back(ddl::if_not_exists(index.definition));
  }
  for (std::string &comment :
       ddl::comment_statements("INDEX " + ddl::qualified(index.name), std::nullopt, index.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

// Created and dropped with something else: a constraint's index comes with
// the constraint, and a partition's index attached to its parent's is
// dropped with the parent's.
bool owned_elsewhere(const model::Index &index) { return index.constraint.has_value(); }

// CREATE INDEX CONCURRENTLY builds without blocking writes, but cannot run
// in a transaction block nor on a partitioned table itself.
bool builds_concurrently(const BuildContext &context, const model::Catalog &catalog, const model::Index &index) {
  const auto table = catalog.tables.find(index.table);
  const bool partitioned = table != catalog.tables.end() && table->second.partition_key.has_value();
  return is_existing_table(context, index.table) && !partitioned;
}

// IF EXISTS: run again after it succeeded, it does nothing.
std::string drop_statement(const model::Index &index, bool concurrently) {
  return (concurrently ? "DROP INDEX CONCURRENTLY IF EXISTS " : "DROP INDEX IF EXISTS ") + ddl::qualified(index.name);
}

std::string rename_statement(const model::QualifiedName &from, const std::string &to) {
  return fmt::format("ALTER INDEX IF EXISTS {} RENAME TO {}", ddl::qualified(from), pg::quote_ident(to));
}

// A concurrent build as a step's up: the clean-up of a failed attempt is
// the step's retry_cleanup, run before any attempt but the first.
void build_up(std::vector<std::string> statements, Step &step) {
  step.retry_cleanup = statements.front();
  step.up.assign(statements.begin() + 1, statements.end());
}

// Without foreign keys on the old index: it is dropped CONCURRENTLY once the
// replacement is built, and the replacement takes its name. Each statement
// that cannot run in a transaction block is a step of its own.
void drop_and_rename(const BuildContext &context, const model::Index &from, const model::Index &to,
                     const model::QualifiedName &temporary, Plan &steps) {
  const model::ObjectRef object = diff::relation_ref(ObjectKind::Index, to.name);
  const model::ObjectRef temporary_ref = diff::relation_ref(ObjectKind::Index, temporary);
  Step drop = table_step(context, Phase::Expand,
                         fmt::format("drop index {}, replaced by {}", display(from.name), display(temporary)),
                         from.table, Lock::ShareUpdateExclusive);
  drop.up = {drop_statement(from, true)};
  drop.down = create_statements(context, from, true);
  drop.transactional = false;
  drop.drops = {object};
  drop.needs = {temporary_ref};
  steps.push_back(std::move(drop));

  // PostgreSQL 12 lowered ALTER INDEX ... RENAME to SHARE UPDATE EXCLUSIVE
  // on the index alone: reads and writes of the table go on.
  Step rename = table_step(context, Phase::Expand,
                           fmt::format("rename index {} to {}", display(temporary), pg::quote_ident(to.name.name)),
                           to.table, index_rename_lock(context));
  rename.locked_relation = temporary;
  rename.estimated_rows.reset();
  rename.up = {rename_statement(temporary, to.name.name)};
  rename.down = {rename_statement(to.name, temporary.name)};
  // The index is there again under its name: the graph puts dropping the
  // old one first.
  rename.creates = {object};
  rename.needs = {temporary_ref};
  if (rename.lock == Lock::AccessExclusive) {
    rename.hazards.push_back({HazardKind::AccessExclusiveLock,
                              "before PostgreSQL 12, renaming an index blocks reads and writes of it for a moment"});
  }
  steps.push_back(std::move(rename));
}

// With foreign keys on the old index (PostgreSQL drops no index a foreign key
// uses): one short transaction drops them, drops the old index (not
// CONCURRENTLY, which a transaction block refuses), gives the replacement its
// name and adds them back NOT VALID; each is validated later.
void swap_with_foreign_keys(const BuildContext &context, const model::Index &from, const model::Index &to,
                            const model::QualifiedName &temporary, const std::vector<MovedForeignKey> &moved,
                            Plan &steps) {
  const model::ObjectRef object = diff::relation_ref(ObjectKind::Index, to.name);
  Step swap = table_step(
      context, Phase::Expand,
      fmt::format("swap index {} for {}, moving the foreign keys that use it", display(from.name), display(temporary)),
      to.table, Lock::AccessExclusive);
  swap.up = {drop_statement(from, false), rename_statement(temporary, to.name.name)};
  swap.down = {drop_statement(to, false), rename_statement(temporary, from.name.name)};
  swap.creates = {object};
  swap.drops = {object};
  swap.needs = {diff::relation_ref(ObjectKind::Index, temporary)};
  swap.hazards.push_back({HazardKind::AccessExclusiveLock,
                          "the old index is dropped in the transaction that moves its foreign keys, so not "
                          "CONCURRENTLY: reads and writes of the table wait for that catalog change"});
  move_foreign_keys(context, moved, swap);
  // Run again once it renamed the replacement, it would drop the index it
  // gave the name to: both directions act only while the index under the
  // temporary name is there to take the name.
  swap.up = {ddl::only_while(ddl::relation_exists(temporary), swap.up)};
  swap.down = {ddl::only_while(ddl::relation_exists(temporary), swap.down)};
  steps.push_back(std::move(swap));
  steps.push_back(rebuild_for_the_down(context, Phase::Expand, from, temporary, object));
  validate_moved_foreign_keys(context, moved, steps);
}

// A changed index on a table with rows is never missing (hazards.md): its
// new definition is built CONCURRENTLY under a temporary name first, then
// takes the old one's place.
void swap_in_place(const BuildContext &context, const model::Index &from, const model::Index &to, Plan &steps) {
  const model::QualifiedName temporary = temporary_index_name(context, to.name);
  const std::vector<MovedForeignKey> moved = foreign_keys_moving_from(context, from.name);
  // The replacement has no dependencies of its own in the desired catalog:
  // it needs what the index needs there (its columns first of all).
  std::vector<model::ObjectRef> needs;
  if (const auto found = context.desired.dependencies.find(diff::relation_ref(ObjectKind::Index, to.name));
      found != context.desired.dependencies.end()) {
    needs = found->second;
  }
  steps.push_back(replacement_build(
      context, fmt::format("build index {} to replace index {}", display(temporary), display(to.name)), to, temporary,
      needs, moved));
  if (moved.empty()) {
    drop_and_rename(context, from, to, temporary, steps);
  } else {
    swap_with_foreign_keys(context, from, to, temporary, moved, steps);
  }
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Index &index = index_of(context.desired, object);
  if (owned_elsewhere(index)) return;
  if (purpose == Purpose::RecreateCreate && swaps_index(context, index.name)) {
    swap_in_place(context, index_of(context.current, object), index, steps);
    return;
  }
  const bool concurrently = builds_concurrently(context, context.desired, index);
  Step step =
      table_step(context, Phase::Expand,
                 (purpose == Purpose::RecreateCreate ? "re-create index " : "create index ") + display(index.name),
                 index.table, concurrently ? Lock::ShareUpdateExclusive : Lock::Share);
  if (concurrently) {
    build_up(create_statements(context, index, true), step);
  } else {
    step.up = create_statements(context, index, false);
  }
  step.down = {drop_statement(index, concurrently)};
  step.transactional = !concurrently;
  step.creates = {object};
  // A partitioned table's index attaches the partitions' matching indexes
  // when they exist: those are built first.
  for (const auto &[name, partition_index] : context.desired.indexes) {
    if (partition_index.parent_index == index.name) step.needs.push_back(diff::relation_ref(ObjectKind::Index, name));
  }
  if (!concurrently && is_existing_table(context, index.table)) {
    step.hazards.push_back({HazardKind::AccessExclusiveLock,
                            "a partitioned table's index cannot be built concurrently: writes wait for the build"});
  }
  steps.push_back(std::move(step));
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Index &index = index_of(context.current, object);
  if (owned_elsewhere(index)) return;
  if (purpose == Purpose::RecreateDrop && swaps_index(context, index.name)) return; // the swap drops it
  if (index.parent_index && !context.desired.holds(diff::relation_ref(ObjectKind::Index, *index.parent_index))) {
    return; // goes with its parent's index
  }
  const bool concurrently = builds_concurrently(context, context.current, index) && !index.parent_index;
  Step step = table_step(context, drop_phase(purpose), "drop index " + display(index.name), index.table,
                         concurrently ? Lock::ShareUpdateExclusive : Lock::AccessExclusive);
  step.up = {drop_statement(index, concurrently)};
  step.down = create_statements(context, index, concurrently);
  step.transactional = !concurrently;
  step.drops = {object};
  steps.push_back(std::move(step));
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Index &from = index_of(context.current, object);
  const model::Index &to = index_of(context.desired, object);
  Step step = table_step(context, Phase::Expand, "comment on index " + display(to.name), to.table, Lock::None);
  step.locked_relation.reset();
  step.up = ddl::comment_statements("INDEX " + ddl::qualified(to.name), from.comment, to.comment);
  step.down = ddl::comment_statements("INDEX " + ddl::qualified(to.name), to.comment, from.comment);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder index_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
