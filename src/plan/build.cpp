#include "schemadiff/plan/build.hpp"

#include "kind_builder.hpp"

#include "schemadiff/diff/changes.hpp"
#include "schemadiff/plan/order.hpp"
#include "schemadiff/pg/quote.hpp"

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

} // namespace

Plan build_plan(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options) {
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
  Plan ordered = order_steps(std::move(steps), current, desired);
  bound_lock_waits(ordered, options);
  return ordered;
}

} // namespace schemadiff::plan
