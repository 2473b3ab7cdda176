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
  StandbyConflict,     // a hot standby's queries wait or are cancelled, replicas lag
};

struct Hazard {
  HazardKind kind = HazardKind::AccessExclusiveLock;
  std::string reason; // one line, for people

  bool operator==(const Hazard &) const = default;
};

// How long a step may wait for its lock, and run, chosen by what its lock
// blocks (hazards.md, "Running the steps"). A lock that blocks reads or
// writes blocks every later query while it waits: such a step waits at most
// a short lock_timeout and is retried. A step that blocks neither (a
// concurrent build, VALIDATE, a backfill batch) waits as long as it must:
// a lock_timeout there would throw its finished scan away and protect no
// one. "0" is PostgreSQL's "no limit".
struct Limits {
  std::string lock_timeout;
  std::string statement_timeout;

  bool operator==(const Limits &) const = default;
};

struct Step {
  Phase phase = Phase::Expand;
  std::string summary;           // "add column public.users.email"
  std::vector<std::string> up;   // statements, each runnable on its own
  std::vector<std::string> down; // undoes exactly this step; run in order
  bool transactional = true;     // false: CONCURRENTLY, ALTER TYPE ... ADD VALUE used at once
  // For a step that is not transactional: a statement that removes what a
  // failed attempt leaves behind (the INVALID index of a concurrent build),
  // and does nothing otherwise, so it is safe before every attempt. Empty:
  // a failed attempt leaves nothing.
  std::string retry_cleanup;
  Lock lock = Lock::None;
  std::optional<model::QualifiedName> locked_relation;
  std::vector<Hazard> hazards;
  // What the application must have deployed before this step runs, in the
  // order of a zero-downtime deploy: add, deploy code that writes both the
  // old and the new, backfill, deploy code that reads the new, contract.
  // Empty: nothing.
  std::string deploy_first;
  std::optional<double> estimated_rows; // the locked table's reltuples, when known
  // The locked relation exists before the plan and is in use: waiting for
  // its lock queues its readers and writers. A relation the plan creates
  // is used by no one yet.
  bool relation_in_use = false;
  // Other relations in use that the step locks as strongly (the table a new
  // foreign key references: SHARE ROW EXCLUSIVE on both).
  std::vector<model::QualifiedName> also_locked;
  // Set for every step that takes a lock (the planner chooses them); the
  // down runs under the same limits. nullopt: the step locks nothing.
  std::optional<Limits> limits;

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
