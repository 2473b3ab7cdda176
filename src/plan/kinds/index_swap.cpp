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

// A dropped or re-created object takes what depends on it down with it.
bool keeps_what_it_reads(const BuildContext &context, const model::ObjectRef &object) {
  const auto needs = context.current.dependencies.find(object);
  if (needs == context.current.dependencies.end()) return true;
  return std::none_of(needs->second.begin(), needs->second.end(), [&](const model::ObjectRef &need) {
    return context.changes.dropped.contains(need) || context.changes.recreated.contains(need);
  });
}

// An existing table that keeps its rows and is partitioned in neither catalog.
bool swappable_table(const BuildContext &context, const model::QualifiedName &name) {
  const auto current = context.current.tables.find(name);
  const auto desired = context.desired.tables.find(name);
  return current != context.current.tables.end() && desired != context.desired.tables.end() &&
         is_existing_table(context, name) && !current->second.partition_key && !desired->second.partition_key;
}

bool is_key(const model::Constraint *constraint) {
  return constraint != nullptr &&
         (constraint->kind == ConstraintKind::PrimaryKey || constraint->kind == ConstraintKind::Unique);
}

// A foreign key that can be dropped and added back NOT VALID in a swap's
// transaction: one the desired schema still has, on a table that keeps its
// rows. On a partitioned table PostgreSQL (before 18) refuses NOT VALID, and
// a partition's inherited foreign key comes and goes with its parent's.
std::optional<MovedForeignKey> movable(const BuildContext &context, const model::QualifiedName &table_name,
                                       const model::Constraint &constraint) {
  if (constraint.kind != ConstraintKind::ForeignKey || !swappable_table(context, table_name)) return std::nullopt;
  const model::Table &current_table = context.current.tables.at(table_name);
  const model::Table &desired_table = context.desired.tables.at(table_name);
  const model::Constraint *desired = desired_table.constraint(constraint.name);
  if (desired == nullptr || desired->kind != ConstraintKind::ForeignKey) return std::nullopt;
  if (ddl::inherited_constraint(context.current, current_table, constraint) ||
      ddl::inherited_constraint(context.desired, desired_table, *desired)) {
    return std::nullopt;
  }
  return MovedForeignKey{diff::member_ref(ObjectKind::Constraint, table_name, constraint.name), &current_table,
                         &constraint, &desired_table, desired};
}

// Whether the current index is replaced by a swap, of its own or of its key.
bool swapped(const BuildContext &context, const model::Index &index) {
  if (!index.constraint) return swaps_index(context, index.name);
  return swaps_key(context, diff::member_ref(ObjectKind::Constraint, index.table, *index.constraint));
}

std::string drop_constraint(const model::Table &table, const model::Constraint &constraint) {
  return fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", ddl::qualified(table.name), pg::quote_ident(constraint.name));
}

// ADD CONSTRAINT ... NOT VALID: no scan, and every write from then on is checked.
std::vector<std::string> add_not_valid(const model::Catalog &catalog, const model::Table &table,
                                       const model::Constraint &constraint) {
  model::Constraint not_valid = constraint;
  not_valid.validated = false;
  std::vector<std::string> statements{ddl::add_constraint(catalog, table, not_valid)};
  const std::string target =
      fmt::format("CONSTRAINT {} ON {}", pg::quote_ident(constraint.name), ddl::qualified(table.name));
  for (std::string &comment : ddl::comment_statements(target, std::nullopt, constraint.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

std::string validate(const model::Table &table, const model::Constraint &constraint) {
  return fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", ddl::qualified(table.name),
                     pg::quote_ident(constraint.name));
}

// CREATE [UNIQUE] INDEX CONCURRENTLY of `index`'s definition under `name`,
// after dropping an INVALID leftover of that name, with the index's comment.
std::vector<std::string> build_concurrently(const BuildContext &context, const model::Index &index,
                                            const model::QualifiedName &name) {
  std::vector<std::string> statements{ddl::invalid_index_cleanup(name, context.options.lock_timeout),
                                      ddl::concurrently(ddl::with_index_name(index.definition, name.name))};
  for (std::string &comment : ddl::comment_statements("INDEX " + ddl::qualified(name), std::nullopt, index.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

} // namespace

bool swaps_index(const BuildContext &context, const model::QualifiedName &index) {
  const auto from = context.current.indexes.find(index);
  const auto to = context.desired.indexes.find(index);
  if (from == context.current.indexes.end() || to == context.desired.indexes.end()) return false;
  const model::ObjectRef object = diff::relation_ref(ObjectKind::Index, index);
  // An INVALID index serves no query: there is no window to avoid.
  return context.changes.recreated.contains(object) && from->second.valid && !from->second.constraint &&
         !to->second.constraint && !from->second.parent_index && !to->second.parent_index &&
         from->second.table == to->second.table && swappable_table(context, from->second.table) &&
         keeps_what_it_reads(context, object);
}

bool swaps_key(const BuildContext &context, const model::ObjectRef &constraint) {
  if (constraint.kind != ObjectKind::Constraint || !context.changes.recreated.contains(constraint)) return false;
  const model::QualifiedName table{constraint.schema, constraint.name};
  if (!swappable_table(context, table)) return false;
  const model::Constraint *from = context.current.tables.at(table).constraint(constraint.member);
  const model::Constraint *to = context.desired.tables.at(table).constraint(constraint.member);
  if (!is_key(from) || !is_key(to)) return false;
  const model::Index *old_index = key_index(context.current, table, from->name);
  if (old_index == nullptr || key_index(context.desired, table, to->name) == nullptr) return false;
  return keeps_what_it_reads(context, constraint) &&
         keeps_what_it_reads(context, diff::relation_ref(ObjectKind::Index, old_index->name));
}

const model::Index *key_index(const model::Catalog &catalog, const model::QualifiedName &table,
                              const std::string &constraint) {
  for (const auto &[name, index] : catalog.indexes) {
    if (index.table == table && index.constraint == constraint) return &index;
  }
  return nullptr;
}

std::vector<MovedForeignKey> foreign_keys_moving_from(const BuildContext &context,
                                                      const model::QualifiedName &old_index) {
  const model::ObjectRef index = diff::relation_ref(ObjectKind::Index, old_index);
  std::vector<MovedForeignKey> moved;
  for (const auto &[name, table] : context.current.tables) {
    for (const model::Constraint &constraint : table.constraints) {
      const auto needs =
          context.current.dependencies.find(diff::member_ref(ObjectKind::Constraint, name, constraint.name));
      if (needs == context.current.dependencies.end() ||
          std::find(needs->second.begin(), needs->second.end(), index) == needs->second.end()) {
        continue;
      }
      if (std::optional<MovedForeignKey> foreign_key = movable(context, name, constraint)) {
        moved.push_back(*foreign_key);
      }
    }
  }
  return moved;
}

bool moves_with_a_swap(const BuildContext &context, const model::ObjectRef &foreign_key) {
  const auto table = context.current.tables.find({foreign_key.schema, foreign_key.name});
  if (table == context.current.tables.end()) return false;
  const model::Constraint *constraint = table->second.constraint(foreign_key.member);
  if (constraint == nullptr || !movable(context, table->first, *constraint)) return false;
  const auto needs = context.current.dependencies.find(foreign_key);
  if (needs == context.current.dependencies.end()) return false;
  return std::any_of(needs->second.begin(), needs->second.end(), [&](const model::ObjectRef &need) {
    const auto index = context.current.indexes.find({need.schema, need.name});
    return need.kind == ObjectKind::Index && index != context.current.indexes.end() && swapped(context, index->second);
  });
}

model::QualifiedName temporary_index_name(const BuildContext &context, const model::QualifiedName &index) {
  // Indexes share their schema's relation names with tables, sequences,
  // views and composite types.
  const auto taken = [&](const model::QualifiedName &name) {
    for (const model::Catalog *catalog : {&context.current, &context.desired}) {
      if (catalog->tables.contains(name) || catalog->indexes.contains(name) || catalog->sequences.contains(name) ||
          catalog->views.contains(name) || catalog->materialized_views.contains(name) ||
          catalog->composite_types.contains(name)) {
        return true;
      }
    }
    return false;
  };
  for (int attempt = 0;; ++attempt) {
    const std::string suffix = attempt == 0 ? "_swap" : fmt::format("_swap{}", attempt);
    const model::QualifiedName candidate{index.schema, ddl::within_name_limit(index.name, 63 - suffix.size()) + suffix};
    if (!taken(candidate)) return candidate;
  }
}

Step replacement_build(const BuildContext &context, std::string summary, const model::Index &replacement,
                       const model::QualifiedName &temporary, const std::vector<model::ObjectRef> &needs,
                       const std::vector<MovedForeignKey> &moved) {
  Step build = table_step(context, Phase::Expand, std::move(summary), replacement.table, Lock::ShareUpdateExclusive);
  // The clean-up of a failed attempt goes before every attempt but the first.
  const std::vector<std::string> statements = build_concurrently(context, replacement, temporary);
  build.retry_cleanup = statements.front();
  build.up.assign(statements.begin() + 1, statements.end());
  for (const MovedForeignKey &foreign_key : moved) {
    if (foreign_key.current->validated)
      build.down.push_back(validate(*foreign_key.current_table, *foreign_key.current));
  }
  build.down.push_back("DROP INDEX CONCURRENTLY IF EXISTS " + ddl::qualified(temporary));
  build.transactional = false;
  build.creates = {diff::relation_ref(ObjectKind::Index, temporary)};
  build.needs = needs;
  return build;
}

Step rebuild_for_the_down(const BuildContext &context, Phase phase, const model::Index &old_index,
                          const model::QualifiedName &temporary, const model::ObjectRef &swapped) {
  Step rebuild = table_step(context, phase,
                            fmt::format("let the down rebuild the old index {} concurrently as {}",
                                        display(old_index.name), display(temporary)),
                            old_index.table, Lock::ShareUpdateExclusive);
  rebuild.up = {"DROP INDEX CONCURRENTLY IF EXISTS " + ddl::qualified(temporary)};
  rebuild.down = build_concurrently(context, old_index, temporary);
  rebuild.transactional = false;
  rebuild.needs = {swapped};
  return rebuild;
}

void move_foreign_keys(const BuildContext &context, const std::vector<MovedForeignKey> &moved, Step &swap) {
  std::vector<std::string> up;
  std::vector<std::string> down;
  for (const MovedForeignKey &foreign_key : moved) {
    up.push_back(drop_constraint(*foreign_key.current_table, *foreign_key.current));
    down.push_back(drop_constraint(*foreign_key.desired_table, *foreign_key.desired));
  }
  up.insert(up.end(), swap.up.begin(), swap.up.end());
  down.insert(down.end(), swap.down.begin(), swap.down.end());
  for (const MovedForeignKey &foreign_key : moved) {
    for (std::string &statement : add_not_valid(context.desired, *foreign_key.desired_table, *foreign_key.desired)) {
      up.push_back(std::move(statement));
    }
    for (std::string &statement : add_not_valid(context.current, *foreign_key.current_table, *foreign_key.current)) {
      down.push_back(std::move(statement));
    }
    swap.creates.push_back(foreign_key.object);
    swap.drops.push_back(foreign_key.object);
    const std::string other_table =
        foreign_key.current_table->name == swap.locked_relation
            ? std::string()
            : fmt::format(", which also locks {} ACCESS EXCLUSIVE for a moment (while this transaction waits for its "
                          "second lock, writers of the first wait too: lock_timeout bounds it)",
                          display(foreign_key.current_table->name));
    swap.hazards.push_back(
        {HazardKind::AccessExclusiveLock,
         fmt::format(
             "foreign key {} uses the old index: it is dropped and added back NOT VALID in this "
             "transaction{}; it checks every write meanwhile, and a later step validates the rows already there",
             display(foreign_key.object), other_table)});
  }
  swap.up = std::move(up);
  swap.down = std::move(down);
}

void validate_moved_foreign_keys(const BuildContext &context, const std::vector<MovedForeignKey> &moved, Plan &steps) {
  for (const MovedForeignKey &foreign_key : moved) {
    if (!foreign_key.desired->validated) continue;
    Step step = table_step(context, Phase::Contract, "validate constraint " + display(foreign_key.object),
                           foreign_key.desired_table->name, Lock::ShareUpdateExclusive);
    step.up = {validate(*foreign_key.desired_table, *foreign_key.desired)};
    // Validation changes no definition: the down of the swap puts the
    // foreign key back.
    step.needs = {foreign_key.object};
    step.hazards.push_back({HazardKind::FullScan, "reads every row to validate, without blocking reads or writes"});
    steps.push_back(std::move(step));
  }
}

Lock index_rename_lock(const BuildContext &context) {
  return context.current.server_version_num >= 120000 ? Lock::ShareUpdateExclusive : Lock::AccessExclusive;
}

} // namespace schemadiff::plan::kinds
