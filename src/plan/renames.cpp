#include "renames.hpp"

#include "schemadiff/diff/object_refs.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace schemadiff::plan {

namespace {

using model::ObjectKind;
using model::ObjectRef;
using model::QualifiedName;

// How ALTER names the relation kind.
std::string_view alter_keyword(ObjectKind kind) {
  switch (kind) {
  case ObjectKind::View:
    return "VIEW";
  case ObjectKind::MaterializedView:
    return "MATERIALIZED VIEW";
  case ObjectKind::Sequence:
    return "SEQUENCE";
  case ObjectKind::Index:
    return "INDEX";
  default:
    return "TABLE";
  }
}

// What the rename breaks while old code still runs.
std::optional<Hazard> breaks(const diff::Rename &rename, const std::string &old_name) {
  switch (rename.object.kind) {
  case ObjectKind::Index:
    return std::nullopt; // queries never name an index
  case ObjectKind::Constraint:
    return Hazard{HazardKind::BreaksRunningCode,
                  fmt::format("code naming the constraint {} (ON CONFLICT ON CONSTRAINT) fails", old_name)};
  default:
    return Hazard{HazardKind::BreaksRunningCode, fmt::format("code still using the old name {} fails", old_name)};
  }
}

// A member's existence, as an SQL condition.
std::string member_exists(ObjectKind kind, const QualifiedName &table, const std::string &member) {
  return "EXISTS (" +
         (kind == ObjectKind::Column ? ddl::column_exists(table, member) : ddl::constraint_exists(table, member)) +
         ")";
}

// `rename` done only while `from` exists and `to` does not: run again after
// it succeeded, it does nothing (ALTER ... RENAME has no such guard).
std::string rename_once(const std::string &from_exists, const std::string &to_exists, const std::string &rename) {
  return ddl::only_while(from_exists + " AND NOT " + to_exists, {rename});
}

std::string relation_exists(const QualifiedName &name) { return "(" + ddl::relation_exists(name) + ")"; }

Step rename_step(const diff::Rename &rename, const model::Catalog &current, const QualifiedName &original_table) {
  const ObjectRef &object = rename.object;
  const QualifiedName name{object.schema, object.name};
  const std::string relation = ddl::qualified(name);
  Step step;
  step.phase = Phase::Expand;
  // RENAME changes the catalog only, under an ACCESS EXCLUSIVE lock held
  // for an instant; an index's under SHARE UPDATE EXCLUSIVE (PostgreSQL >= 12).
  step.lock = object.kind == ObjectKind::Index ? Lock::ShareUpdateExclusive : Lock::AccessExclusive;
  step.locked_relation = name;
  step.relation_in_use = true;
  std::string old_name;
  if (object.kind == ObjectKind::Column || object.kind == ObjectKind::Constraint) {
    const std::string_view member = object.kind == ObjectKind::Column ? "COLUMN" : "CONSTRAINT";
    old_name = relation + "." + pg::quote_ident(object.member);
    step.summary = fmt::format("rename {} {} to {}", model::kind_name(object.kind), old_name, pg::quote_ident(rename.to));
    const std::string old_exists = member_exists(object.kind, name, object.member);
    const std::string new_exists = member_exists(object.kind, name, rename.to);
    step.up = {rename_once(old_exists, new_exists,
                           fmt::format("ALTER TABLE {} RENAME {} {} TO {}", relation, member,
                                       pg::quote_ident(object.member), pg::quote_ident(rename.to)))};
    step.down = {rename_once(new_exists, old_exists,
                             fmt::format("ALTER TABLE {} RENAME {} {} TO {}", relation, member,
                                         pg::quote_ident(rename.to), pg::quote_ident(object.member)))};
    step.drops = {object};
    step.creates = {diff::member_ref(object.kind, name, rename.to)};
  } else {
    const QualifiedName target{object.schema, rename.to};
    old_name = relation;
    step.summary = fmt::format("rename {} {} to {}", model::kind_name(object.kind), relation, pg::quote_ident(rename.to));
    step.up = {rename_once(
        relation_exists(name), relation_exists(target),
        fmt::format("ALTER {} {} RENAME TO {}", alter_keyword(object.kind), relation, pg::quote_ident(rename.to)))};
    step.down = {rename_once(relation_exists(target), relation_exists(name),
                             fmt::format("ALTER {} {} RENAME TO {}", alter_keyword(object.kind),
                                         ddl::qualified(target), pg::quote_ident(object.name)))};
    step.drops = {diff::relation_ref(object.kind, name)};
    step.creates = {diff::relation_ref(object.kind, target)};
  }
  if (object.kind != ObjectKind::Index && object.kind != ObjectKind::Sequence) {
    if (const auto stats = current.statistics.find(original_table); stats != current.statistics.end()) {
      step.estimated_rows = stats->second.estimated_rows;
    }
  }
  if (std::optional<Hazard> hazard = breaks(rename, old_name)) step.hazards.push_back(std::move(*hazard));
  return step;
}

} // namespace

QualifiedName name_before_renames(const QualifiedName &table, const std::vector<diff::Rename> &renames) {
  return diff::expression_before_renames(table, {}, renames).first;
}

Plan rename_steps(const model::Catalog &current, const std::vector<diff::Rename> &renames) {
  Plan steps;
  for (std::size_t i = 0; i < renames.size(); ++i) {
    const std::vector<diff::Rename> earlier(renames.begin(), renames.begin() + static_cast<std::ptrdiff_t>(i));
    const QualifiedName table{renames[i].object.schema, renames[i].object.name};
    steps.push_back(rename_step(renames[i], current, name_before_renames(table, earlier)));
  }
  return steps;
}

model::Catalog without_objects(model::Catalog catalog, const std::set<ObjectRef> &objects) {
  for (const ObjectRef &object : objects) {
    const QualifiedName name{object.schema, object.name};
    const model::RoutineKey routine{object.schema, object.name, object.member};
    switch (object.kind) {
    case ObjectKind::View:
      catalog.views.erase(name);
      break;
    case ObjectKind::MaterializedView:
      catalog.materialized_views.erase(name);
      break;
    case ObjectKind::Index:
      catalog.indexes.erase(name);
      break;
    case ObjectKind::Routine:
      catalog.routines.erase(routine);
      break;
    case ObjectKind::Aggregate:
      catalog.aggregates.erase(routine);
      break;
    case ObjectKind::Trigger:
      catalog.triggers.erase({name, object.member});
      break;
    case ObjectKind::Policy:
      catalog.policies.erase({name, object.member});
      break;
    case ObjectKind::Constraint:
      if (auto table = catalog.tables.find(name); table != catalog.tables.end()) {
        std::erase_if(table->second.constraints, [&](const model::Constraint &c) { return c.name == object.member; });
      }
      break;
    default:
      break;
    }
    catalog.dependencies.erase(object);
  }
  return catalog;
}

} // namespace schemadiff::plan
