#pragma once
// A plan is a list of steps, and a step is data: what it does, its SQL up
// and down, the lock it takes, what it costs. Tests assert on steps;
// renderers and emitters only format them.

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/object_ref.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::plan {

// Expand adds, backfill moves data, contract constrains and drops; each is
// its own migration, so a failure half-way never loses data.
enum class Phase { Expand, Backfill, Contract };

// PostgreSQL's table lock levels, weakest first.
enum class Lock {
  None,
  AccessShare,
  RowShare,
  RowExclusive,
  ShareUpdateExclusive,
  Share,
  ShareRowExclusive,
  Exclusive,
  AccessExclusive,
};

enum class HazardKind {
  TableRewrite,        // every row is rewritten (and every index rebuilt)
  FullScan,            // every row is read under the lock
  AccessExclusiveLock, // blocks reads and writes while it runs or waits
  DataLoss,            // values are gone unless restored from the backup
  BreaksRunningCode,   // code deployed now stops working
  Irreversible,        // the down cannot restore exactly what was there
};

struct Hazard {
  HazardKind kind = HazardKind::AccessExclusiveLock;
  std::string reason; // one line, for people

  bool operator==(const Hazard &) const = default;
};

struct Step {
  Phase phase = Phase::Expand;
  std::string summary;           // "add column public.users.email"
  std::vector<std::string> up;   // statements, each runnable on its own
  std::vector<std::string> down; // undoes exactly this step; run in order
  bool transactional = true;     // false: CONCURRENTLY, ALTER TYPE ... ADD VALUE used at once
  Lock lock = Lock::None;
  std::optional<model::QualifiedName> locked_relation;
  std::vector<Hazard> hazards;
  std::optional<double> estimated_rows; // the locked table's reltuples, when known

  // What the step creates or changes, and what it removes: the planner's
  // graph orders steps by these.
  std::vector<model::ObjectRef> creates;
  std::vector<model::ObjectRef> drops;
  // What must exist before the step beyond what its created objects need
  // (e.g. ALTER SEQUENCE ... OWNED BY needs the column).
  std::vector<model::ObjectRef> needs;

  bool operator==(const Step &) const = default;
};

using Plan = std::vector<Step>;

} // namespace schemadiff::plan
