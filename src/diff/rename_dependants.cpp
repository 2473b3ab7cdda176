// What cannot follow a rename in place. PostgreSQL keeps a view by OID and
// prints it with the new names; where that printed text is not what the
// schema files ask for, the view is re-created. Dropped after the rename,
// the down would re-create the old text while the new names are still in
// place, and fail: such a view is dropped before the renames instead, and
// created after them.

#include "schemadiff/diff/renames.hpp"

#include "classify.hpp"

#include "schemadiff/diff/object_refs.hpp"

#include <algorithm>

namespace schemadiff::diff {

namespace {

using model::ObjectKind;
using model::ObjectRef;

template <typename Map, typename Key> const typename Map::mapped_type *find(const Map &map, const Key &key) {
  const auto found = map.find(key);
  return found == map.end() ? nullptr : &found->second;
}

// Whether the renamed object (named `object` after the renames) is what the
// desired schema has, or differs only in what can change in place.
bool follows_in_place(const ObjectRef &object, const model::Catalog &renamed, const model::Catalog &desired) {
  const model::QualifiedName name{object.schema, object.name};
  switch (object.kind) {
  case ObjectKind::View: {
    const model::View *from = find(renamed.views, name);
    const model::View *to = find(desired.views, name);
    return from != nullptr && to != nullptr && classify(*from, *to) != Difference::Recreate;
  }
  case ObjectKind::MaterializedView: {
    const model::MaterializedView *from = find(renamed.materialized_views, name);
    const model::MaterializedView *to = find(desired.materialized_views, name);
    return from != nullptr && to != nullptr && classify(*from, *to) != Difference::Recreate;
  }
  case ObjectKind::Routine: {
    const model::RoutineKey key{object.schema, object.name, object.member};
    const model::Routine *from = find(renamed.routines, key);
    const model::Routine *to = find(desired.routines, key);
    return from != nullptr && to != nullptr && from->definition == to->definition;
  }
  default:
    return true;
  }
}

} // namespace

std::set<ObjectRef> recreated_around_renames(const model::Catalog &current, const model::Catalog &desired,
                                             const std::vector<Rename> &renames) {
  std::set<ObjectRef> around;
  if (renames.empty()) return around;
  const model::Catalog renamed = apply_renames(current, renames);
  const auto after = [&](ObjectRef object) {
    for (const Rename &rename : renames) object = renamed_ref(object, rename);
    return object;
  };
  // need -> what needs it; a view's triggers and a materialized view's
  // indexes go with it.
  std::map<ObjectRef, std::vector<ObjectRef>> users;
  for (const auto &[object, needs] : current.dependencies) {
    for (const ObjectRef &need : needs) users[need].push_back(object);
  }
  for (const auto &[key, trigger] : current.triggers) {
    users[relation_ref(ObjectKind::View, key.table)].push_back(member_ref(ObjectKind::Trigger, key.table, key.name));
  }
  for (const auto &[name, index] : current.indexes) {
    users[relation_ref(ObjectKind::MaterializedView, index.table)].push_back(relation_ref(ObjectKind::Index, name));
  }
  for (const auto &[object, needs] : current.dependencies) {
    if (object.kind != ObjectKind::View && object.kind != ObjectKind::MaterializedView &&
        object.kind != ObjectKind::Routine)
      continue;
    const bool reads_renamed =
        std::any_of(needs.begin(), needs.end(), [&](const ObjectRef &need) { return after(need) != need; });
    if (!reads_renamed || follows_in_place(after(object), renamed, desired)) continue;
    std::set<ObjectRef> closure{object};
    std::vector<ObjectRef> pending{object};
    while (!pending.empty()) {
      const ObjectRef next = pending.back();
      pending.pop_back();
      if (const auto found = users.find(next); found != users.end()) {
        for (const ObjectRef &user : found->second) {
          if (closure.insert(user).second) pending.push_back(user);
        }
      }
    }
    // Something that keeps data needs it (a column default calling the
    // function): left in place, to be re-created after the renames.
    if (std::all_of(closure.begin(), closure.end(), [](const ObjectRef &member) { return follows_its_dependencies(member.kind); })) {
      around.insert(closure.begin(), closure.end());
    }
  }
  return around;
}

} // namespace schemadiff::diff
