#include "schemadiff/plan/order.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/graph/topological_order.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

namespace schemadiff::plan {

namespace {

using model::ObjectKind;
using model::ObjectRef;

// Columns, constraints, triggers and policies live in a table (constraints
// also in a domain): whoever creates or drops the container creates or
// drops them too.
std::vector<ObjectRef> containers_of(const ObjectRef &object) {
  switch (object.kind) {
  case ObjectKind::Column:
  case ObjectKind::Trigger:
  case ObjectKind::Policy:
    return {ObjectRef{ObjectKind::Table, object.schema, object.name, ""},
            ObjectRef{ObjectKind::View, object.schema, object.name, ""},
            ObjectRef{ObjectKind::MaterializedView, object.schema, object.name, ""}};
  case ObjectKind::Constraint:
    return {ObjectRef{ObjectKind::Table, object.schema, object.name, ""},
            ObjectRef{ObjectKind::Type, object.schema, object.name, ""}};
  default:
    return {};
  }
}

// A sequence OWNED BY a column is tied to the column's lifetime, not built
// from it: the column's default needs the sequence first, and the sequence
// builder orders its OWNED BY step itself (Step::needs).
bool orders(const ObjectRef &object, const ObjectRef &need) {
  return !(object.kind == ObjectKind::Sequence && need.kind == ObjectKind::Column);
}

// Everything an object needs: its recorded dependencies and its schema.
std::vector<ObjectRef> needs_of(const ObjectRef &object, const model::Catalog &catalog) {
  std::vector<ObjectRef> needs;
  if (const auto found = catalog.dependencies.find(object); found != catalog.dependencies.end()) {
    for (const ObjectRef &need : found->second) {
      if (orders(object, need)) needs.push_back(need);
    }
  }
  if (object.kind != ObjectKind::Schema && object.kind != ObjectKind::Extension && !object.schema.empty()) {
    needs.push_back(ObjectRef{ObjectKind::Schema, object.schema, "", ""});
  }
  for (const ObjectRef &container : containers_of(object)) needs.push_back(container);
  return needs;
}

class StepIndex {
public:
  StepIndex(const Plan &steps, std::vector<ObjectRef> Step::*objects) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      for (const ObjectRef &object : steps[i].*objects) by_object_[object].push_back(i);
    }
  }

  // The steps that act on the object itself, else on its container.
  std::vector<std::size_t> acting_on(const ObjectRef &object) const {
    if (const auto found = by_object_.find(object); found != by_object_.end()) return found->second;
    std::vector<std::size_t> steps;
    for (const ObjectRef &container : containers_of(object)) {
      if (const auto found = by_object_.find(container); found != by_object_.end()) {
        steps.insert(steps.end(), found->second.begin(), found->second.end());
      }
    }
    return steps;
  }

  // Only the steps that act on the object itself.
  std::vector<std::size_t> exactly(const ObjectRef &object) const {
    const auto found = by_object_.find(object);
    return found == by_object_.end() ? std::vector<std::size_t>{} : found->second;
  }

  const std::map<ObjectRef, std::vector<std::size_t>> &all() const { return by_object_; }

private:
  std::map<ObjectRef, std::vector<std::size_t>> by_object_;
};

// object -> the objects that need it or one of its members, in the current
// catalog (a view reading a column needs the column's table to stay).
std::map<ObjectRef, std::vector<ObjectRef>> users_of(const model::Catalog &catalog) {
  std::map<ObjectRef, std::vector<ObjectRef>> users;
  for (const auto &[object, needs] : catalog.dependencies) {
    for (const ObjectRef &need : needs) {
      if (!orders(object, need)) continue;
      users[need].push_back(object);
      for (const ObjectRef &container : containers_of(need)) users[container].push_back(object);
    }
  }
  return users;
}

// container -> the members that steps drop on their own.
std::map<ObjectRef, std::vector<ObjectRef>> dropped_members(const StepIndex &droppers) {
  std::map<ObjectRef, std::vector<ObjectRef>> members;
  for (const auto &[object, steps] : droppers.all()) {
    for (const ObjectRef &container : containers_of(object)) members[container].push_back(object);
  }
  return members;
}

std::vector<std::set<std::size_t>> build_edges(const Plan &steps, const model::Catalog &current,
                                               const model::Catalog &desired) {
  const StepIndex creators(steps, &Step::creates);
  const StepIndex droppers(steps, &Step::drops);
  const auto users = users_of(current);
  const auto members = dropped_members(droppers);
  std::vector<std::set<std::size_t>> after(steps.size());
  const auto edge = [&](std::size_t first, std::size_t then) {
    if (first != then) after[first].insert(then);
  };
  // The tables whose columns a constraint reads, in the desired catalog.
  const auto read_tables = [](const ObjectRef &constraint, const model::Catalog &catalog) {
    std::set<model::QualifiedName> tables;
    if (const auto needs = catalog.dependencies.find(constraint); needs != catalog.dependencies.end()) {
      for (const ObjectRef &need : needs->second) {
        if (need.kind == ObjectKind::Column) tables.insert({need.schema, need.name});
      }
    }
    return tables;
  };
  // The steps dropping a unique index of one of those tables.
  const auto droppers_of_unique_indexes = [&](const std::set<model::QualifiedName> &tables) {
    std::vector<std::size_t> found;
    for (const auto &[object, dropping] : droppers.all()) {
      if (object.kind != ObjectKind::Index) continue;
      const auto index = current.indexes.find({object.schema, object.name});
      if (index == current.indexes.end() || !index->second.unique || !tables.contains(index->second.table)) continue;
      if (!creators.exactly(object).empty()) continue; // re-created: it stays
      found.insert(found.end(), dropping.begin(), dropping.end());
    }
    return found;
  };
  for (std::size_t step = 0; step < steps.size(); ++step) {
    for (const ObjectRef &created : steps[step].creates) {
      for (const ObjectRef &need : needs_of(created, desired)) {
        for (const std::size_t creator : creators.acting_on(need)) edge(creator, step);
      }
    }
    for (const ObjectRef &need : steps[step].needs) {
      const std::vector<std::size_t> made = creators.acting_on(need);
      for (const std::size_t creator : made) edge(creator, step);
      // Needed, and dropped without coming back: used before it goes
      // (e.g. a sequence released from a column that is dropped).
      if (made.empty()) {
        for (const std::size_t dropper : droppers.acting_on(need)) edge(step, dropper);
      }
    }
    // A foreign key binds to whichever unique index of the referenced table
    // fits its columns: unique indexes on their way out go first, so that
    // it never binds to one of them.
    for (const ObjectRef &created : steps[step].creates) {
      if (created.kind != ObjectKind::Constraint) continue;
      for (const std::size_t dropper : droppers_of_unique_indexes(read_tables(created, desired))) edge(dropper, step);
    }
    for (const ObjectRef &dropped : steps[step].drops) {
      std::vector<ObjectRef> first;
      if (const auto found = users.find(dropped); found != users.end()) first = found->second;
      if (const auto found = members.find(dropped); found != members.end()) {
        first.insert(first.end(), found->second.begin(), found->second.end());
      }
      for (const ObjectRef &user : first) {
        for (const std::size_t dropper : droppers.acting_on(user)) edge(dropper, step);
      }
      // Dropped, then created again: the old one goes first.
      for (const std::size_t creator : creators.exactly(dropped)) edge(step, creator);
    }
  }
  return after;
}

} // namespace

Plan order_steps(Plan steps, const model::Catalog &current, const model::Catalog &desired) {
  const auto after = build_edges(steps, current, desired);
  std::vector<std::vector<std::size_t>> depends_on(steps.size());
  for (std::size_t first = 0; first < after.size(); ++first) {
    for (const std::size_t then : after[first]) depends_on[then].push_back(first);
  }
  // Of the ready steps, the earliest phase first, then the given order:
  // expand, backfill and contract stay apart wherever the graph allows.
  std::vector<int> phase(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) phase[i] = static_cast<int>(steps[i].phase);
  const graph::TopologicalOrder order = graph::topological_order(depends_on, phase);
  if (!order.cycle.empty()) {
    std::string members;
    for (const std::size_t step : order.cycle) members += "\n  " + steps[step].summary;
    throw Error("the plan's steps depend on each other in a cycle:" + members, "plan",
                "report this: schemadiff should have split one of these steps");
  }
  Plan ordered;
  ordered.reserve(steps.size());
  for (const std::size_t step : order.order) ordered.push_back(std::move(steps[step]));
  return ordered;
}

} // namespace schemadiff::plan
