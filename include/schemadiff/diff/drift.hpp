#pragma once
// Drift: how a live database differs from what it should be (the desired
// schema, or the replay of the migration directory), object by object.
//
// Unlike the plan's diff, only objects that differ themselves are drift:
// a view over a changed column is not re-created here, it is the same. And
// what belongs to a missing or unexpected object (a table's columns and
// indexes, a schema's tables) is named by that object alone.

#include "schemadiff/diff/ignore_pattern.hpp"
#include "schemadiff/model/catalog.hpp"

#include <vector>

namespace schemadiff::diff {

enum class DriftKind {
  MissingFromDatabase,  // expected, not in the database
  UnexpectedInDatabase, // in the database, not expected
  Differs,              // in both, not the same
};

struct Drift {
  model::ObjectRef object;
  DriftKind kind = DriftKind::Differs;

  bool operator==(const Drift &) const = default;
};

struct DriftResult {
  // Every object compared, drifted or not, in ObjectRef order; not the
  // ignored ones, nor those that belong to a missing or unexpected object.
  std::vector<model::ObjectRef> checked;
  std::vector<Drift> differences; // in ObjectRef order
  std::vector<model::ObjectRef> ignored;

  bool operator==(const DriftResult &) const = default;
};

// Compares `database` with `expected`, leaving out the objects an ignore
// pattern names, and what belongs to them (an ignored table's indexes,
// triggers and policies). Objects owned by extensions are not in either
// catalog (introspection leaves them out), so they never drift.
DriftResult find_drift(const model::Catalog &database, const model::Catalog &expected,
                       const std::vector<IgnorePattern> &ignore = {});

} // namespace schemadiff::diff
