// Indexes that no constraint owns: CREATE INDEX, DROP INDEX, COMMENT.

#include "builders.hpp"
#include "step_helpers.hpp"

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

std::vector<std::string> create_statements(const model::Index &index, bool concurrently) {
  std::vector<std::string> statements;
  if (concurrently) {
    // A build that failed half-way leaves an INVALID index of this name.
    statements.push_back("DROP INDEX CONCURRENTLY IF EXISTS " + ddl::qualified(index.name));
    statements.push_back(ddl::concurrently(index.definition));
  } else {
    statements.push_back(index.definition);
  }
  for (std::string &comment : ddl::comment_statements("INDEX " + ddl::qualified(index.name), std::nullopt, index.comment)) {
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

std::string drop_statement(const model::Index &index, bool concurrently) {
  return (concurrently ? "DROP INDEX CONCURRENTLY " : "DROP INDEX ") + ddl::qualified(index.name);
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Index &index = index_of(context.desired, object);
  if (owned_elsewhere(index)) return;
  const bool concurrently = builds_concurrently(context, context.desired, index);
  Step step = table_step(context, Phase::Expand,
                         (purpose == Purpose::RecreateCreate ? "re-create index " : "create index ") + display(index.name),
                         index.table, concurrently ? Lock::ShareUpdateExclusive : Lock::Share);
  step.up = create_statements(index, concurrently);
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
  if (index.parent_index && !context.desired.holds(diff::relation_ref(ObjectKind::Index, *index.parent_index))) {
    return; // goes with its parent's index
  }
  const bool concurrently = builds_concurrently(context, context.current, index) && !index.parent_index;
  Step step = table_step(context, drop_phase(purpose), "drop index " + display(index.name), index.table,
                         concurrently ? Lock::ShareUpdateExclusive : Lock::AccessExclusive);
  step.up = {drop_statement(index, concurrently)};
  step.down = create_statements(index, concurrently);
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
