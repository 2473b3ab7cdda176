#include "schemadiff/plan/build.hpp"

#include "kind_builder.hpp"
#include "renames.hpp"

#include "schemadiff/diff/changes.hpp"
#include "schemadiff/diff/renames.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/order.hpp"

#include <iterator>

namespace schemadiff::plan {

namespace {

// Every step that locks a relation first bounds how long it may wait for
// the lock and run, so it fails fast instead of queueing every other query
// behind it (../docs/hazards.md).
void bound_lock_waits(Plan &steps, const PlanOptions &options) {
  for (Step &step : steps) {
    if (step.lock == Lock::None) continue;
    step.up.insert(step.up.begin(), {"SET lock_timeout = " + pg::quote_literal(options.lock_timeout),
                                     "SET statement_timeout = " + pg::quote_literal(options.statement_timeout)});
  }
}

// The steps of the diff, ordered, without the lock bounds.
Plan plan_changes(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options) {
  const diff::Changes changes = diff::diff_catalogs(current, desired);
  const BuildContext context{current, desired, options, changes};
  Plan steps;
  // Given in this order, the graph keeps it where it is free to: removals,
  // then changes in place, then additions.
  for (const model::ObjectRef &object : changes.dropped) {
    builder_for(object.kind, object).drop(context, object, Purpose::Drop, steps);
  }
  for (const model::ObjectRef &object : changes.recreated) {
    builder_for(object.kind, object).drop(context, object, Purpose::RecreateDrop, steps);
  }
  for (const model::ObjectRef &object : changes.altered) {
    builder_for(object.kind, object).alter(context, object, steps);
  }
  for (const model::ObjectRef &object : changes.recreated) {
    builder_for(object.kind, object).create(context, object, Purpose::RecreateCreate, steps);
  }
  for (const model::ObjectRef &object : changes.created) {
    builder_for(object.kind, object).create(context, object, Purpose::Create, steps);
  }
  return order_steps(std::move(steps), current, desired);
}

// Renames run first, and the rest of the diff is planned from the current
// catalog as it is after them, so that a renamed object is the same object.
// What cannot follow the renames in place (a view whose text changes) is
// dropped before them, and created after: each down then runs against the
// names it was written for.
Plan plan_with_renames(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options,
                       const std::vector<diff::Rename> &renames) {
  const std::set<model::ObjectRef> around = diff::recreated_around_renames(current, desired, renames);
  const model::Catalog kept = without_objects(current, around);
  Plan steps = plan_changes(current, kept, options);
  for (Step &step : steps) {
    step.phase = Phase::Expand;
    step.summary += " before the renames";
  }
  for (Step &step : rename_steps(current, renames)) steps.push_back(std::move(step));
  PlanOptions renamed_options = options;
  // The live database still has the old names when the plan is made.
  if (options.table_has_rows) {
    renamed_options.table_has_rows = [&options, &renames](const model::QualifiedName &table) {
      return options.table_has_rows(name_before_renames(table, renames));
    };
  }
  if (options.count_rows) {
    renamed_options.count_rows = [&options, &renames](const model::QualifiedName &table, const std::string &predicate) {
      const auto [old_table, old_predicate] = diff::expression_before_renames(table, predicate, renames);
      return options.count_rows(old_table, old_predicate);
    };
  }
  Plan after = plan_changes(diff::apply_renames(kept, renames), desired, renamed_options);
  steps.insert(steps.end(), std::make_move_iterator(after.begin()), std::make_move_iterator(after.end()));
  return steps;
}

} // namespace

Plan build_plan(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options) {
  const std::vector<diff::Rename> renames = diff::resolve_renames(current, desired, options.renames);
  Plan steps =
      renames.empty() ? plan_changes(current, desired, options) : plan_with_renames(current, desired, options, renames);
  bound_lock_waits(steps, options);
  return steps;
}

} // namespace schemadiff::plan
