#pragma once
// Per object kind: is a changed object altered in place, or must it be
// dropped and created again? One function per kind, each stating the
// PostgreSQL rule that decides.

#include "schemadiff/model/catalog.hpp"

namespace schemadiff::diff {

enum class Difference { Same, Alter, Recreate };

// Kinds whose objects the plan can drop and create again without losing
// data: re-created, rather than left broken or blocking, when something
// they depend on is dropped, re-created, renamed or changes type.
bool follows_its_dependencies(model::ObjectKind kind);

Difference classify(const model::Schema &current, const model::Schema &desired);
Difference classify(const model::Extension &current, const model::Extension &desired);
Difference classify(const model::Collation &current, const model::Collation &desired);
Difference classify(const model::EnumType &current, const model::EnumType &desired);
Difference classify(const model::Domain &current, const model::Domain &desired);
Difference classify(const model::CompositeType &current, const model::CompositeType &desired);
Difference classify(const model::RangeType &current, const model::RangeType &desired);
Difference classify(const model::Sequence &current, const model::Sequence &desired);
Difference classify(const model::Index &current, const model::Index &desired);
Difference classify(const model::View &current, const model::View &desired);
Difference classify(const model::MaterializedView &current, const model::MaterializedView &desired);
Difference classify(const model::Routine &current, const model::Routine &desired);
Difference classify(const model::Aggregate &current, const model::Aggregate &desired);
Difference classify(const model::Trigger &current, const model::Trigger &desired);
Difference classify(const model::Policy &current, const model::Policy &desired);
Difference classify(const model::DefaultPrivilege &current, const model::DefaultPrivilege &desired);

// A table's own attributes (not its columns and constraints, which are
// objects of their own in the diff).
Difference classify_table(const model::Table &current, const model::Table &desired);
Difference classify(const model::Column &current, const model::Column &desired);
Difference classify(const model::Constraint &current, const model::Constraint &desired);

// The column changes type: what reads it must be re-created around the
// ALTER (views, policies and triggers block ALTER COLUMN TYPE).
bool changes_type(const model::Column &current, const model::Column &desired);

} // namespace schemadiff::diff
