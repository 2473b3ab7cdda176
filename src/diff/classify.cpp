#include "classify.hpp"

#include <algorithm>
#include <tuple>

namespace schemadiff::diff {

namespace {

// Same, or Alter when the objects differ at all.
template <typename Object> Difference alter_if_different(const Object &current, const Object &desired) {
  return current == desired ? Difference::Same : Difference::Alter;
}

// Recreate when the definition differs, else Alter when anything else does.
template <typename Object, typename Definition>
Difference by_definition(const Object &current, const Object &desired, Definition definition) {
  if (definition(current) != definition(desired)) return Difference::Recreate;
  return alter_if_different(current, desired);
}

// Old labels keep their order among the new ones: ALTER TYPE ... ADD VALUE
// can insert each missing label BEFORE or AFTER a neighbour. PostgreSQL can
// neither remove nor reorder labels.
bool only_adds_labels(const std::vector<std::string> &current, const std::vector<std::string> &desired) {
  auto next = desired.begin();
  for (const std::string &label : current) {
    next = std::find(next, desired.end(), label);
    if (next == desired.end()) return false;
    ++next;
  }
  return true;
}

} // namespace

Difference classify(const model::Schema &current, const model::Schema &desired) {
  return alter_if_different(current, desired);
}

Difference classify(const model::Extension &current, const model::Extension &desired) {
  return alter_if_different(current, desired);
}

Difference classify(const model::Collation &current, const model::Collation &desired) {
  return by_definition(current, desired, [](const model::Collation &c) {
    return std::tie(c.provider, c.locale, c.lc_collate, c.lc_ctype, c.deterministic);
  });
}

Difference classify(const model::EnumType &current, const model::EnumType &desired) {
  if (!only_adds_labels(current.labels, desired.labels)) return Difference::Recreate;
  return alter_if_different(current, desired);
}

Difference classify(const model::Domain &current, const model::Domain &desired) {
  return by_definition(current, desired, [](const model::Domain &d) { return std::tie(d.base_type, d.collation); });
}

Difference classify(const model::CompositeType &current, const model::CompositeType &desired) {
  return by_definition(current, desired, [](const model::CompositeType &t) {
    std::vector<std::tuple<std::string, std::string, std::optional<std::string>>> shape;
    for (const auto &attribute : t.attributes) shape.emplace_back(attribute.name, attribute.type, attribute.collation);
    return shape;
  });
}

Difference classify(const model::RangeType &current, const model::RangeType &desired) {
  return by_definition(current, desired, [](const model::RangeType &r) {
    return std::tie(r.subtype, r.subtype_opclass, r.collation, r.canonical_function, r.subtype_diff_function,
                    r.multirange_name);
  });
}

Difference classify(const model::Sequence &current, const model::Sequence &desired) {
  return alter_if_different(current, desired);
}

Difference classify(const model::Index &current, const model::Index &desired) {
  // An index left INVALID by a failed concurrent build is never kept.
  if (!current.valid) return Difference::Recreate;
  return by_definition(current, desired, [](const model::Index &i) { return std::tie(i.definition, i.constraint); });
}

Difference classify(const model::View &current, const model::View &desired) {
  return by_definition(current, desired, [](const model::View &v) { return std::tie(v.definition, v.columns); });
}

Difference classify(const model::MaterializedView &current, const model::MaterializedView &desired) {
  return by_definition(current, desired, [](const model::MaterializedView &m) {
    return std::tie(m.definition, m.columns, m.options, m.populated);
  });
}

// CREATE OR REPLACE FUNCTION keeps the identity but cannot change argument
// names or defaults, the result type, or turn a function into a procedure.
Difference classify(const model::Routine &current, const model::Routine &desired) {
  return by_definition(current, desired,
                       [](const model::Routine &r) { return std::tie(r.kind, r.arguments, r.result); });
}

Difference classify(const model::Aggregate &current, const model::Aggregate &desired) {
  return by_definition(current, desired, [](const model::Aggregate &a) {
    return std::tie(a.arguments, a.kind, a.state_function, a.state_type, a.final_function, a.final_function_extra,
                    a.combine_function, a.serial_function, a.deserial_function, a.initial_condition, a.sort_operator,
                    a.parallel);
  });
}

Difference classify(const model::Trigger &current, const model::Trigger &desired) {
  return by_definition(current, desired, [](const model::Trigger &t) { return t.definition; });
}

// ALTER POLICY can change roles and expressions, not the command or kind.
Difference classify(const model::Policy &current, const model::Policy &desired) {
  return by_definition(current, desired, [](const model::Policy &p) { return std::tie(p.permissive, p.command); });
}

Difference classify(const model::DefaultPrivilege &current, const model::DefaultPrivilege &desired) {
  return alter_if_different(current, desired);
}

Difference classify_table(const model::Table &current, const model::Table &desired) {
  // The partition key, or the parent of a partition, cannot be altered.
  const auto parent = [](const model::Table &t) {
    return t.partition_of ? std::optional<model::QualifiedName>(t.partition_of->parent) : std::nullopt;
  };
  if (current.partition_key != desired.partition_key || parent(current) != parent(desired)) {
    return Difference::Recreate;
  }
  const auto own = [](const model::Table &t) {
    return std::tie(t.unlogged, t.partition_of, t.options, t.row_security, t.force_row_security, t.comment,
                    t.privileges);
  };
  return own(current) == own(desired) ? Difference::Same : Difference::Alter;
}

// A generated column's expression cannot be altered in place (before
// PostgreSQL 17), and a column cannot become or stop being generated.
Difference classify(const model::Column &current, const model::Column &desired) {
  if (current.generated != desired.generated) return Difference::Recreate;
  return alter_if_different(current, desired);
}

Difference classify(const model::Constraint &current, const model::Constraint &desired) {
  // A validated constraint cannot become NOT VALID again.
  if (current.validated && !desired.validated) return Difference::Recreate;
  return by_definition(current, desired, [](const model::Constraint &c) {
    return std::tie(c.kind, c.definition, c.deferrable, c.initially_deferred);
  });
}

bool changes_type(const model::Column &current, const model::Column &desired) {
  return current.type != desired.type || current.collation != desired.collation;
}

bool follows_its_dependencies(model::ObjectKind kind) {
  switch (kind) {
  case model::ObjectKind::View:
  case model::ObjectKind::MaterializedView:
  case model::ObjectKind::Index:
  case model::ObjectKind::Constraint:
  case model::ObjectKind::Trigger:
  case model::ObjectKind::Policy:
  case model::ObjectKind::Routine:
  case model::ObjectKind::Aggregate:
    return true;
  default:
    return false;
  }
}

} // namespace schemadiff::diff
