#include "schemadiff/plan/build.hpp"

#include "kind_builder.hpp"
#include "renames.hpp"

#include "schemadiff/diff/changes.hpp"
#include "schemadiff/diff/renames.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/plan/order.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

namespace schemadiff::plan {

namespace {

// Whether waiting for a lock of this level holds up other sessions' reads
// or writes of the relation: SHARE and stronger conflict with the ROW
// EXCLUSIVE lock every INSERT, UPDATE and DELETE takes, ACCESS EXCLUSIVE
// with plain SELECT too.
bool blocks_reads_or_writes(Lock lock) { return lock >= Lock::Share; }

// Every step that locks a relation gets its limits by what its lock blocks
// (../docs/hazards.md, "Running the steps").
void choose_limits(Plan &steps, const PlanOptions &options) {
  for (Step &step : steps) {
    if (step.lock == Lock::None) continue;
    step.limits =
        blocks_reads_or_writes(step.lock) ? Limits{options.lock_timeout, options.statement_timeout} : Limits{"0", "0"};
  }
}

bool has_hazard(const Step &step, HazardKind kind) {
  return std::any_of(step.hazards.begin(), step.hazards.end(),
                     [kind](const Hazard &hazard) { return hazard.kind == kind; });
}

// A hot standby replays the primary's ACCESS EXCLUSIVE locks and its
// vacuum's removals (../docs/hazards.md). A long step on a table in use
// reaches the standby's readers in one of two ways: a rewrite or scan under
// ACCESS EXCLUSIVE holds them for as long as it runs, and cancels those
// already reading once max_standby_streaming_delay has passed; a backfill
// leaves a row version behind for every row, and vacuuming them cancels
// standby queries that still see them unless hot_standby_feedback is on.
// Both write WAL in bulk, so replicas lag.
void mark_standby_conflicts(Plan &steps) {
  for (Step &step : steps) {
    if (!step.relation_in_use) continue;
    if (step.phase == Phase::Backfill) {
      step.hazards.push_back({HazardKind::StandbyConflict,
                              "a hot standby cancels queries that still see the rows it replaces once they are "
                              "vacuumed (unless hot_standby_feedback is on), and replicas lag behind its writes: "
                              "apply pauses batches while one lags more than --max-replica-lag"});
    } else if (step.lock == Lock::AccessExclusive &&
               (has_hazard(step, HazardKind::TableRewrite) || has_hazard(step, HazardKind::FullScan))) {
      step.hazards.push_back({HazardKind::StandbyConflict,
                              "a hot standby replays its ACCESS EXCLUSIVE lock: reads of the table there wait "
                              "while it runs, and those already running are cancelled after "
                              "max_standby_streaming_delay"});
    }
  }
}

bool is_relation_of(const model::Catalog &catalog, const model::QualifiedName &name) {
  return catalog.tables.contains(name) || catalog.indexes.contains(name) || catalog.views.contains(name) ||
         catalog.materialized_views.contains(name) || catalog.sequences.contains(name);
}

// A relation in the current catalog is in use by the application, unless
// the plan re-creates it: the new one is used by no one until the plan
// ends, while the step that drops the old one still waits for its users.
void mark_relations_in_use(Plan &steps, const model::Catalog &current, const diff::Changes &changes) {
  const auto recreated = [&changes](const model::QualifiedName &name) {
    return std::any_of(changes.recreated.begin(), changes.recreated.end(), [&name](const model::ObjectRef &object) {
      return object.member.empty() && object.schema == name.schema && object.name == name.name;
    });
  };
  for (Step &step : steps) {
    if (!step.locked_relation || !is_relation_of(current, *step.locked_relation)) continue;
    const bool drops_it = std::any_of(step.drops.begin(), step.drops.end(), [&step](const model::ObjectRef &object) {
      return object.member.empty() && object.schema == step.locked_relation->schema &&
             object.name == step.locked_relation->name;
    });
    step.relation_in_use = drops_it || !recreated(*step.locked_relation);
  }
}

// Adding a foreign key locks the table it references too (SHARE ROW
// EXCLUSIVE, which blocks its writes) while its own table's lock is held.
void mark_referenced_tables(Plan &steps, const model::Catalog &current, const model::Catalog &desired) {
  for (Step &step : steps) {
    if (step.lock == Lock::None) continue;
    for (const model::ObjectRef &object : step.creates) {
      if (object.kind != model::ObjectKind::Constraint) continue;
      const auto table = desired.tables.find({object.schema, object.name});
      if (table == desired.tables.end()) continue;
      const model::Constraint *constraint = table->second.constraint(object.member);
      if (constraint == nullptr || !constraint->references) continue;
      const model::QualifiedName &referenced = constraint->references->table;
      if (referenced != table->second.name && current.tables.contains(referenced))
        step.also_locked.push_back(referenced);
    }
  }
}

// A re-created object that reads what a contract step changes in place (a
// view on a narrowed column, on an enum that is replaced) is dropped and
// created in the contract phase too: dropped in the expand phase, it would
// be missing from the expand migration until the contract one ran.
void recreate_around_contract_changes(Plan &steps, const diff::Changes &changes, const model::Catalog &current) {
  std::map<model::ObjectRef, std::vector<model::ObjectRef>> users;
  for (const auto &[user, needs] : current.dependencies) {
    for (const model::ObjectRef &need : needs) users[need].push_back(user);
  }
  std::vector<model::ObjectRef> pending;
  for (const Step &step : steps) {
    if (step.phase != Phase::Contract) continue;
    for (const model::ObjectRef &changed : step.drops) {
      if (std::find(step.creates.begin(), step.creates.end(), changed) != step.creates.end())
        pending.push_back(changed);
    }
  }
  std::set<model::ObjectRef> lifted;
  while (!pending.empty()) {
    const model::ObjectRef object = pending.back();
    pending.pop_back();
    const auto found = users.find(object);
    if (found == users.end()) continue;
    for (const model::ObjectRef &user : found->second) {
      if (changes.recreated.contains(user) && lifted.insert(user).second) pending.push_back(user);
    }
  }
  const auto touches = [&lifted](const std::vector<model::ObjectRef> &objects) {
    return std::any_of(objects.begin(), objects.end(), [&](const auto &object) { return lifted.contains(object); });
  };
  for (Step &step : steps) {
    if (step.phase == Phase::Expand && (touches(step.drops) || touches(step.creates))) step.phase = Phase::Contract;
  }
}

// The steps of the diff, ordered, without their limits.
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
  recreate_around_contract_changes(steps, changes, current);
  mark_relations_in_use(steps, current, changes);
  mark_referenced_tables(steps, current, desired);
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

// A [backfill] entry that names no column of the desired schema is a typo
// or a leftover, never silently ignored: the rows it was meant for would
// get no value.
void check_backfill_entries(const model::Catalog &desired, const PlanOptions &options) {
  for (const auto &[key, value] : options.backfill) {
    const bool names_a_column = std::any_of(desired.tables.begin(), desired.tables.end(), [&key](const auto &entry) {
      const model::Table &table = entry.second;
      return std::any_of(table.columns.begin(), table.columns.end(), [&](const model::Column &column) {
        return key == table.name.schema + "." + table.name.name + "." + column.name;
      });
    });
    if (!names_a_column) {
      throw Error("this [backfill] entry names no column of the desired schema", "[backfill] \"" + key + "\"",
                  "name a column as \"schema.table.column\", as the schema files have it");
    }
  }
}

} // namespace

Plan build_plan(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options) {
  check_backfill_entries(desired, options);
  const std::vector<diff::Rename> renames = diff::resolve_renames(current, desired, options.renames);
  Plan steps =
      renames.empty() ? plan_changes(current, desired, options) : plan_with_renames(current, desired, options, renames);
  choose_limits(steps, options);
  mark_standby_conflicts(steps);
  return steps;
}

} // namespace schemadiff::plan
