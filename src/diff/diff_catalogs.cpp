#include "schemadiff/diff/changes.hpp"

#include "classify.hpp"

#include "schemadiff/diff/object_refs.hpp"

#include <functional>

namespace schemadiff::diff {

namespace {

using model::ObjectKind;
using model::ObjectRef;

void record(Difference difference, const ObjectRef &object, Changes &changes) {
  if (difference == Difference::Alter) changes.altered.insert(object);
  if (difference == Difference::Recreate) changes.recreated.insert(object);
}

// Objects of one kind, keyed alike in both catalogs.
template <typename Map, typename RefOf, typename Classify>
void compare(const Map &current, const Map &desired, RefOf ref_of, Classify classify_pair, Changes &changes) {
  for (const auto &[key, object] : current) {
    const auto wanted = desired.find(key);
    if (wanted == desired.end()) {
      changes.dropped.insert(ref_of(key));
    } else {
      record(classify_pair(object, wanted->second), ref_of(key), changes);
    }
  }
  for (const auto &[key, object] : desired) {
    if (!current.contains(key)) changes.created.insert(ref_of(key));
  }
}

template <typename Map, typename RefOf> void compare(const Map &current, const Map &desired, RefOf ref_of, Changes &changes) {
  compare(current, desired, ref_of, [](const auto &a, const auto &b) { return classify(a, b); }, changes);
}

template <typename Member, typename Key>
std::map<std::string, const Member *> by_name(const std::vector<Member> &members, Key key) {
  std::map<std::string, const Member *> named;
  for (const Member &member : members) named[key(member)] = &member;
  return named;
}

// Columns and constraints are objects of their own: each is added, dropped
// or changed by its own step. A table re-created takes them along.
void compare_members(const model::Table &current, const model::Table &desired, Changes &changes,
                     std::set<ObjectRef> &retyped_columns) {
  const auto name_of = [](const auto &member) { return member.name; };
  compare(
      by_name(current.columns, name_of), by_name(desired.columns, name_of),
      [&](const std::string &name) { return member_ref(ObjectKind::Column, current.name, name); },
      [&](const model::Column *a, const model::Column *b) {
        if (changes_type(*a, *b)) retyped_columns.insert(member_ref(ObjectKind::Column, current.name, a->name));
        return classify(*a, *b);
      },
      changes);
  compare(
      by_name(current.constraints, name_of), by_name(desired.constraints, name_of),
      [&](const std::string &name) { return member_ref(ObjectKind::Constraint, current.name, name); },
      [](const model::Constraint *a, const model::Constraint *b) { return classify(*a, *b); }, changes);
}

void compare_tables(const model::Catalog &current, const model::Catalog &desired, Changes &changes,
                    std::set<ObjectRef> &retyped_columns) {
  const auto table_ref = [](const model::QualifiedName &name) { return relation_ref(ObjectKind::Table, name); };
  compare(current.tables, desired.tables, table_ref, [](const auto &a, const auto &b) { return classify_table(a, b); },
          changes);
  for (const auto &[name, table] : current.tables) {
    const auto wanted = desired.tables.find(name);
    if (wanted == desired.tables.end() || changes.recreated.contains(table_ref(name))) continue;
    compare_members(table, wanted->second, changes, retyped_columns);
  }
}

bool is_member_of(const ObjectRef &member, const ObjectRef &container) {
  return !member.member.empty() && member.schema == container.schema && member.name == container.name &&
         container.member.empty();
}

// Re-creating or dropping X (or changing a column's type) takes down what
// depends on X in the current catalog: those objects are re-created too,
// and so on, as far as the dependencies go.
void propagate(const model::Catalog &current, const model::Catalog &desired, Changes &changes,
               const std::set<ObjectRef> &retyped_columns) {
  std::map<ObjectRef, std::vector<ObjectRef>> users;
  for (const auto &[object, needs] : current.dependencies) {
    for (const ObjectRef &need : needs) users[need].push_back(object);
  }
  std::vector<ObjectRef> pending(changes.recreated.begin(), changes.recreated.end());
  pending.insert(pending.end(), changes.dropped.begin(), changes.dropped.end());
  pending.insert(pending.end(), retyped_columns.begin(), retyped_columns.end());
  std::set<ObjectRef> seen(pending.begin(), pending.end());
  while (!pending.empty()) {
    const ObjectRef object = pending.back();
    pending.pop_back();
    std::vector<ObjectRef> affected;
    for (const auto &[needed, needing] : users) {
      if (needed == object || is_member_of(needed, object)) affected.insert(affected.end(), needing.begin(), needing.end());
    }
    for (const ObjectRef &user : affected) {
      if (!follows_its_dependencies(user.kind) || changes.dropped.contains(user) || !desired.holds(user)) continue;
      // A changed column type keeps its indexes and constraints: PostgreSQL
      // rebuilds them as part of ALTER COLUMN TYPE.
      if (retyped_columns.contains(object) && (user.kind == ObjectKind::Index || user.kind == ObjectKind::Constraint)) {
        continue;
      }
      changes.altered.erase(user);
      changes.recreated.insert(user);
      if (seen.insert(user).second) pending.push_back(user);
    }
  }
}

} // namespace

Changes diff_catalogs(const model::Catalog &current, const model::Catalog &desired) {
  Changes changes;
  std::set<ObjectRef> retyped_columns;
  compare(current.schemas, desired.schemas, schema_ref, changes);
  compare(current.extensions, desired.extensions, extension_ref, changes);
  const auto of_kind = [](ObjectKind kind) {
    return [kind](const model::QualifiedName &name) { return relation_ref(kind, name); };
  };
  compare(current.collations, desired.collations, of_kind(ObjectKind::Collation), changes);
  compare(current.enums, desired.enums, of_kind(ObjectKind::Type), changes);
  compare(current.domains, desired.domains, of_kind(ObjectKind::Type), changes);
  compare(current.composite_types, desired.composite_types, of_kind(ObjectKind::Type), changes);
  compare(current.range_types, desired.range_types, of_kind(ObjectKind::Type), changes);
  compare(current.sequences, desired.sequences, of_kind(ObjectKind::Sequence), changes);
  compare_tables(current, desired, changes, retyped_columns);
  compare(current.indexes, desired.indexes, of_kind(ObjectKind::Index), changes);
  compare(current.views, desired.views, of_kind(ObjectKind::View), changes);
  compare(current.materialized_views, desired.materialized_views, of_kind(ObjectKind::MaterializedView), changes);
  compare(current.routines, desired.routines,
          [](const model::RoutineKey &key) { return routine_ref(ObjectKind::Routine, key); }, changes);
  compare(current.aggregates, desired.aggregates,
          [](const model::RoutineKey &key) { return routine_ref(ObjectKind::Aggregate, key); }, changes);
  const auto member_of = [](ObjectKind kind) {
    return [kind](const model::TableMemberKey &key) { return member_ref(kind, key.table, key.name); };
  };
  compare(current.triggers, desired.triggers, member_of(ObjectKind::Trigger), changes);
  compare(current.policies, desired.policies, member_of(ObjectKind::Policy), changes);
  compare(current.default_privileges, desired.default_privileges, default_privilege_ref, changes);
  propagate(current, desired, changes, retyped_columns);
  return changes;
}

} // namespace schemadiff::diff
