// Columns: ADD COLUMN, DROP COLUMN, and ALTER COLUMN for type, default,
// nullability, identity, comment and column grants.

#include "backfill.hpp"
#include "builders.hpp"
#include "column_backup.hpp"
#include "column_fill.hpp"
#include "step_helpers.hpp"
#include "type_change.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/sequences.hpp"
#include "schemadiff/plan/ddl/tables.hpp"
#include "schemadiff/pg/quote.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ObjectKind;

// A partition's column that its parent has: ADD, DROP and ALTER on the
// parent reach it, and stating it again on the partition fails.
bool follows_parent(const model::Catalog &catalog, const model::Table &table, const std::string &column) {
  if (!table.partition_of) return false;
  const auto parent = catalog.tables.find(table.partition_of->parent);
  return parent != catalog.tables.end() && parent->second.column(column) != nullptr;
}

std::string alter_table(const model::Table &table) { return "ALTER TABLE " + ddl::qualified(table.name); }

// For a drop: run again after a later statement of its file dropped the
// whole table, it does nothing.
std::string alter_table_if_exists(const model::Table &table) { return "ALTER TABLE IF EXISTS " + ddl::qualified(table.name); }

std::vector<std::string> comment_and_grants(const model::Table &table, const model::Column *from, const model::Column *to) {
  const std::string target = fmt::format("COLUMN {}.{}", ddl::qualified(table.name), pg::quote_ident((to ? to : from)->name));
  std::vector<std::string> statements =
      ddl::comment_statements(target, from ? from->comment : std::nullopt, to ? to->comment : std::nullopt);
  for (std::string &grant : ddl::grant_statements("TABLE " + ddl::qualified(table.name), to ? to->privileges : model::Privileges{},
                                                  from ? from->privileges : model::Privileges{}, (to ? to : from)->name)) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

std::vector<std::string> add_column(const model::Table &table, const model::Column &column) {
  std::vector<std::string> statements{
      fmt::format("{} ADD COLUMN IF NOT EXISTS {}", alter_table(table), ddl::column_definition(column))};
  for (std::string &statement : comment_and_grants(table, nullptr, &column)) statements.push_back(std::move(statement));
  return statements;
}

std::string drop_column(const model::Table &table, const model::Column &column) {
  return fmt::format("{} DROP COLUMN IF EXISTS {}", alter_table_if_exists(table), pg::quote_ident(column.name));
}

void set_not_null_through_check(const BuildContext &context, const model::Table &table, const model::Column &column,
                                const model::ObjectRef &object, Plan &steps, std::vector<std::string> finish_up = {},
                                std::vector<std::string> finish_down = {});

bool has_backfill_entry(const BuildContext &context, const model::Table &table, const model::Column &column) {
  return context.options.backfill.contains(fmt::format("{}.{}.{}", table.name.schema, table.name.name, column.name));
}

// A NOT NULL column without a default, or with a volatile one, cannot be
// added to a table with rows in one cheap step; nor can a column whose old
// rows get a value of their own ([backfill]) other than its default. It is
// added nullable, its rows are filled (column_fill.hpp), and NOT NULL comes
// last, in the contract phase, through a validated CHECK.
bool needs_backfill(const BuildContext &context, const model::Table &table, const model::Column &column) {
  if (column.identity || column.generated || !is_existing_table(context, table.name)) return false;
  const bool volatile_default = column.default_value && is_volatile_default(*column.default_value);
  const bool unfilled_not_null = column.not_null && !column.default_value;
  return (volatile_default || unfilled_not_null || has_backfill_entry(context, table, column)) &&
         has_rows(context, table.name);
}

// What the application must run before the contract makes the column NOT
// NULL, and before its backfill.
std::string writes_column(const model::ObjectRef &object) {
  return fmt::format("code that writes {} on every insert and update (old code's rows are filled meanwhile)",
                     display(object));
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  if (follows_parent(context.desired, table, object.member)) return;
  const model::Column &column = column_of(context.desired, object);
  Step step = table_step(context, Phase::Expand,
                         (purpose == Purpose::RecreateCreate ? "re-add column " : "add column ") + display(object),
                         table.name, Lock::AccessExclusive);
  step.creates = {object};
  if (!needs_backfill(context, table, column)) {
    step.up = add_column(table, column);
    step.down = {drop_column(table, column)};
    if (column.generated || (column.identity && is_existing_table(context, table.name))) {
      step.hazards.push_back({HazardKind::TableRewrite, "every row gets its value under an ACCESS EXCLUSIVE lock"});
    }
    if (column.not_null && !column.default_value && is_existing_table(context, table.name)) {
      step.hazards.push_back({HazardKind::BreaksRunningCode,
                              "added NOT NULL without a default because the table is empty now: it relies on the table "
                              "staying empty until the migration runs"});
    }
    steps.push_back(std::move(step));
    return;
  }
  const std::optional<std::string> value = backfill_value(context, table, column);
  if (!value) {
    throw Error(fmt::format("the new column {} is NOT NULL without a default, and the table has rows: they need a value",
                            display(object)),
                "column " + display(object),
                fmt::format("set it in schemadiff.toml: [backfill] \"{}.{}.{}\" = \"<SQL expression>\"",
                            table.name.schema, table.name.name, column.name));
  }
  const ColumnFill fill = fill_for(table, column, *value);
  model::Column nullable = column;
  nullable.not_null = false;
  nullable.default_value = fill.added_default;
  step.up = add_column(table, nullable);
  step.up.insert(step.up.end(), fill.add_up.begin(), fill.add_up.end());
  step.down = fill.add_down;
  step.down.push_back(drop_column(table, column));
  if (fill.added_default) {
    step.summary += fmt::format(" (old rows read {} from the catalog: no backfill)", *fill.added_default);
  }
  steps.push_back(std::move(step));
  if (fill.backfill) {
    Step backfill = backfill_step(context, table, column, *value, object);
    backfill.deploy_first = writes_column(object);
    steps.push_back(std::move(backfill));
  }
  if (column.not_null) {
    set_not_null_through_check(context, table, column, object, steps, fill.finish_up, fill.finish_down);
  } else if (!fill.finish_up.empty()) {
    Step finish =
        table_step(context, Phase::Contract, "finish filling " + display(object), table.name, Lock::AccessExclusive);
    finish.up = fill.finish_up;
    finish.down = fill.finish_down;
    finish.needs = {object};
    finish.deploy_first = writes_column(object);
    steps.push_back(std::move(finish));
  }
}

// Adds the column back with no value in any row, for the copy's down to
// write the kept values into the rows still NULL (column_backup.hpp):
// nullable, and its default set after the ADD COLUMN, where it applies to new
// rows only (given to ADD COLUMN, every row would read it). An identity
// column comes back numbered afresh. IF NOT EXISTS: the down can run again.
std::vector<std::string> add_column_back(const model::Table &table, const model::Column &column) {
  model::Column bare = column;
  bare.not_null = false;
  bare.default_value.reset();
  std::vector<std::string> statements{
      fmt::format("{} ADD COLUMN IF NOT EXISTS {}", alter_table(table), ddl::column_definition(bare))};
  if (column.default_value) {
    statements.push_back(fmt::format("{} ALTER COLUMN {} SET DEFAULT {}", alter_table(table),
                                     pg::quote_ident(column.name), *column.default_value));
  }
  for (std::string &statement : comment_and_grants(table, nullptr, &column)) statements.push_back(std::move(statement));
  return statements;
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Table &table = table_of(context.current, object);
  if (follows_parent(context.current, table, object.member)) return;
  const model::Column &column = column_of(context.current, object);
  Step step = table_step(context, drop_phase(purpose), "drop column " + display(object), table.name, Lock::AccessExclusive);
  if (std::optional<ColumnBackup> backup = backup_before_drop(context, step.phase, table, column)) {
    // The values are kept by the two steps before (column_backup.hpp); the
    // drop stops their capture in its own transaction.
    step.up = backup->stop_capture;
    step.up.push_back(fmt::format("{} DROP COLUMN IF EXISTS {}", alter_table_if_exists(table), pg::quote_ident(column.name)));
    step.down = add_column_back(table, column);
    step.needs = {backup->backup};
    step.hazards.push_back({HazardKind::DataLoss, fmt::format("the values of {} leave the table; they are kept in {} for the "
                                                              "down: drop that table once the change is final",
                                                              display(object), backup->where)});
    steps.push_back(std::move(backup->capture));
    steps.push_back(std::move(backup->copy));
  } else {
    step.up = {drop_column(table, column)};
    step.down = add_column(table, column);
    if (!column.generated) {
      step.hazards.push_back({HazardKind::DataLoss, fmt::format("the values of {} are gone: the table has no primary key "
                                                                "to restore them by",
                                                                display(object))});
      step.hazards.push_back({HazardKind::Irreversible, "the down re-adds the column without its values"});
    }
  }
  step.drops = {object};
  step.deploy_first = fmt::format("code that no longer reads or writes {}", display(object));
  step.hazards.push_back({HazardKind::BreaksRunningCode, "code still reading or writing the column fails"});
  steps.push_back(std::move(step));
}

// The identity part of ALTER COLUMN: add, drop, or change kind and options.
std::vector<std::string> identity_changes(const std::string &column_clause, const std::optional<model::Identity> &from,
                                          const std::optional<model::Identity> &to) {
  if (from == to) return {};
  if (!to) return {column_clause + " DROP IDENTITY"};
  if (!from) return {column_clause + " ADD " + ddl::identity_clause(*to)};
  std::vector<std::string> changes;
  if (from->kind != to->kind) {
    changes.push_back(column_clause + (to->kind == model::IdentityKind::Always ? " SET GENERATED ALWAYS" : " SET GENERATED BY DEFAULT"));
  }
  if (from->options != to->options) {
    std::vector<std::string> options;
    for (const std::string &clause : ddl::sequence_clauses(to->options, true)) {
      if (!clause.starts_with("AS ")) options.push_back("SET " + clause);
    }
    changes.push_back(fmt::format("{} {}", column_clause, fmt::join(options, " ")));
  }
  return changes;
}

std::vector<std::string> alter_statements(const model::Table &table, const model::Column &from, const model::Column &to,
                                          bool inherited, bool not_null_apart = false) {
  const std::string column_clause = fmt::format("{} ALTER COLUMN {}", alter_table(table), pg::quote_ident(to.name));
  std::vector<std::string> statements;
  const bool retyped = from.type != to.type || from.collation != to.collation;
  // A default that does not fit the new type must go first and come back after.
  const bool default_changes = from.default_value != to.default_value || (retyped && from.default_value);
  if (default_changes && from.default_value) statements.push_back(column_clause + " DROP DEFAULT");
  if (retyped && !inherited) {
    statements.push_back(fmt::format("{} TYPE {}{} USING {}::{}", column_clause, to.type,
                                     to.collation ? " COLLATE " + *to.collation : "", pg::quote_ident(to.name), to.type));
  }
  if (default_changes && to.default_value) statements.push_back(column_clause + " SET DEFAULT " + *to.default_value);
  if (from.not_null != to.not_null && !inherited && !not_null_apart) {
    statements.push_back(column_clause + (to.not_null ? " SET NOT NULL" : " DROP NOT NULL"));
  }
  for (std::string &statement : identity_changes(column_clause, from.identity, to.identity)) statements.push_back(std::move(statement));
  for (std::string &statement : comment_and_grants(table, &from, &to)) statements.push_back(std::move(statement));
  return statements;
}

// SET NOT NULL on a table with rows scans it under an ACCESS EXCLUSIVE lock,
// unless a validated CHECK (column IS NOT NULL) already proves it
// (PostgreSQL >= 12): add that check NOT VALID, validate it without
// blocking writes, set NOT NULL, drop the check.
void set_not_null_through_check(const BuildContext &context, const model::Table &table, const model::Column &column,
                                const model::ObjectRef &object, Plan &steps, std::vector<std::string> finish_up,
                                std::vector<std::string> finish_down) {
  std::string check_name = table.name.name + "_" + column.name + "_not_null";
  if (check_name.size() > 63) check_name.resize(63);
  const model::ObjectRef check{ObjectKind::Constraint, table.name.schema, table.name.name, check_name};
  const std::string name = ddl::qualified(table.name);
  const std::string quoted_check = pg::quote_ident(check_name);

  Step add = table_step(context, Phase::Contract, "add NOT NULL check on " + display(object), table.name, Lock::AccessExclusive);
  add.up = {ddl::unless_exists(ddl::constraint_exists(table.name, check_name),
                               fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID", name,
                                           quoted_check, pg::quote_ident(column.name)))};
  add.down = {fmt::format("ALTER TABLE IF EXISTS {} DROP CONSTRAINT IF EXISTS {}", name, quoted_check)};
  add.creates = {check};
  add.needs = {object};
  add.deploy_first = fmt::format("code that writes {} on every insert", display(object));
  steps.push_back(std::move(add));

  Step validate = table_step(context, Phase::Contract, "validate NOT NULL check on " + display(object), table.name,
                             Lock::ShareUpdateExclusive);
  validate.up = {fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", name, quoted_check)};
  validate.needs = {check};
  validate.hazards.push_back({HazardKind::FullScan, "reads every row to validate, without blocking reads or writes"});
  steps.push_back(std::move(validate));

  Step set = table_step(context, Phase::Contract, "set NOT NULL on " + display(object), table.name, Lock::AccessExclusive);
  set.up = {fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", name, pg::quote_ident(column.name)),
            fmt::format("ALTER TABLE IF EXISTS {} DROP CONSTRAINT IF EXISTS {}", name, quoted_check)};
  set.up.insert(set.up.end(), finish_up.begin(), finish_up.end());
  set.down = std::move(finish_down);
  set.down.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL", name, pg::quote_ident(column.name)));
  set.needs = {check};
  set.creates = {not_null_ref(table.name, column.name)};
  steps.push_back(std::move(set));
}

// "1,234 of ~10,000 rows of public.t do not fit character varying(20)", or
// why they could not be counted.
std::string narrowing_count(const BuildContext &context, const model::QualifiedName &table, const std::string &to,
                            const Narrowing &narrowing) {
  const std::string rows = fmt::format("rows of {} that do not fit {}", display(table), to);
  if (!narrowing.predicate) return fmt::format("the {} cannot be counted: {}", rows, narrowing.uncountable);
  const std::optional<std::int64_t> count =
      context.options.count_rows ? context.options.count_rows(table, *narrowing.predicate) : std::nullopt;
  if (!count)
    return fmt::format("the {} could not be counted (no live database to count them on, or the count failed)", rows);
  std::string of = "rows";
  if (const auto stats = context.current.statistics.find(table);
      stats != context.current.statistics.end() && stats->second.estimated_rows >= 0) {
    of = fmt::format("~{} rows", grouped(static_cast<std::int64_t>(stats->second.estimated_rows + 0.5)));
  }
  return fmt::format("{} of {} of {} do not fit {}{}", grouped(*count), of, display(table), to,
                     *count == 0 ? " now (rows written until the migration runs may not)" : "");
}

// A type change that can cut, round or reject values is destructive: it
// waits for the contract phase, counts the rows that do not fit (on the live
// database), and copies the old values out first so that the down, once the
// old type is back, restores them exactly.
void keep_narrowed_values(const BuildContext &context, const model::Table &current_table, const model::Column &from,
                          const model::Column &to, const Narrowing &narrowing, Step &step, Plan &steps) {
  step.phase = Phase::Contract;
  std::string reason =
      fmt::format("{}: {}", narrowing_count(context, current_table.name, to.type, narrowing), narrowing.outcome);
  if (std::optional<ColumnBackup> backup = backup_before_narrowing(context, current_table, from, to)) {
    // Kept by the two steps before (column_backup.hpp); the change stops
    // their capture in its own transaction, before the type changes.
    step.up.insert(step.up.begin(), backup->stop_capture.begin(), backup->stop_capture.end());
    step.needs.push_back(backup->backup);
    steps.push_back(std::move(backup->capture));
    steps.push_back(std::move(backup->copy));
    reason += fmt::format("; the old values are kept in {} for the down: drop that table once the change is final",
                          backup->where);
  } else {
    step.hazards.push_back(
        {HazardKind::Irreversible,
         "no primary key to match the old values back to their rows by (or the column is part of it): "
         "the down brings back the type, not the values the up changed"});
  }
  step.hazards.push_back({HazardKind::DataLoss, std::move(reason)});
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Table &table = table_of(context.desired, object);
  const model::Column &from = column_of(context.current, object);
  const model::Column &to = column_of(context.desired, object);
  const bool inherited = follows_parent(context.desired, table, object.member);
  const bool not_null_apart =
      !from.not_null && to.not_null && !inherited && is_existing_table(context, table.name) && !table.partition_key;
  if (not_null_apart) set_not_null_through_check(context, table, to, object, steps);
  Step step = table_step(context, Phase::Expand, "alter column " + display(object), table.name, Lock::AccessExclusive);
  step.up = alter_statements(table, from, to, inherited, not_null_apart);
  step.down = alter_statements(table, to, from, inherited, not_null_apart);
  if (step.up.empty()) return;
  step.creates = {object};
  if (from.type != to.type || from.collation != to.collation) {
    // What reads the column is re-created around the change (the differ).
    step.drops = {object};
    if (type_change_rewrites(from.type, to.type) || from.collation != to.collation) {
      std::string size = "its rows";
      if (const auto stats = context.current.statistics.find(table.name); stats != context.current.statistics.end()) {
        size = fmt::format("~{:.0f} rows, {} MB", std::max(0.0, stats->second.estimated_rows),
                           stats->second.total_bytes / (1024 * 1024));
      }
      step.hazards.push_back({HazardKind::TableRewrite,
                              fmt::format("changing {} from {} to {} rewrites {} ({}) and rebuilds its indexes under an "
                                          "ACCESS EXCLUSIVE lock",
                                          pg::quote_ident(to.name), from.type, to.type, display(table.name), size)});
    }
  }
  if (!from.not_null && to.not_null && !not_null_apart && is_existing_table(context, table.name)) {
    step.hazards.push_back({HazardKind::FullScan, "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock"});
  }
  if (from.type != to.type && !inherited && is_existing_table(context, table.name)) {
    const std::optional<Narrowing> narrowing =
        type_change_narrows(from.type, to.type, pg::quote_ident(from.name), context.current.server_version_num);
    if (narrowing) keep_narrowed_values(context, table_of(context.current, object), from, to, *narrowing, step, steps);
  }
  steps.push_back(std::move(step));
}

} // namespace

const KindBuilder column_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
