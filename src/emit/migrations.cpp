#include "schemadiff/emit/migrations.hpp"

#include <algorithm>

namespace schemadiff::emit {

namespace {

void add_step_facts(Migration &migration, const plan::Step &step) {
  migration.summaries.push_back(step.summary);
  if (!step.deploy_first.empty() && std::find(migration.deploy_first.begin(), migration.deploy_first.end(),
                                              step.deploy_first) == migration.deploy_first.end()) {
    migration.deploy_first.push_back(step.deploy_first);
  }
  for (const model::ObjectRef &dropped : step.drops) std::erase(migration.leaves, dropped);
  for (const model::ObjectRef &object : step.creates) {
    if (std::find(migration.leaves.begin(), migration.leaves.end(), object) == migration.leaves.end()) {
      migration.leaves.push_back(object);
    }
  }
  for (const plan::Hazard &hazard : step.hazards) {
    if (std::find(migration.hazards.begin(), migration.hazards.end(), hazard) == migration.hazards.end()) {
      migration.hazards.push_back(hazard);
    }
  }
}

// A step that cannot run in a transaction block becomes one migration per
// statement: a multi-statement query string is itself a transaction block.
// With n statements up and m down, k = max(n, m) migrations; migration i
// runs up statement i, and the downs, run from the last migration back,
// run the step's down statements in their order. A side with nothing to do
// stays empty.
void split_outside_transaction(const plan::Step &step, std::vector<Migration> &migrations) {
  const std::size_t count = std::max(step.up.size(), step.down.size());
  for (std::size_t i = 0; i < count; ++i) {
    Migration migration;
    migration.phase = step.phase;
    migration.transactional = false;
    if (i < step.up.size()) migration.up.push_back({step.limits, {step.up[i]}});
    // Migration i's down is the step's down statement count-1-i.
    const std::size_t from_end = count - 1 - i;
    if (from_end < step.down.size()) migration.down.push_back({step.limits, {step.down[from_end]}});
    add_step_facts(migration, step);
    // Only once the step's last statement ran do its objects exist.
    if (i + 1 < step.up.size()) migration.leaves.clear();
    migrations.push_back(std::move(migration));
  }
}

// A step that rewrites or scans a table runs long. In a transaction shared
// with other steps it would hold their locks all that time — an ACCESS
// EXCLUSIVE lock taken by an ADD CONSTRAINT NOT VALID would block reads and
// writes during the VALIDATE meant to let them go on — so it is a
// migration of its own.
bool runs_long(const plan::Step &step) {
  return std::any_of(step.hazards.begin(), step.hazards.end(), [](const plan::Hazard &hazard) {
    return hazard.kind == plan::HazardKind::TableRewrite || hazard.kind == plan::HazardKind::FullScan;
  });
}

// A lock that conflicts with the ROW EXCLUSIVE lock of every write, on a
// relation the application uses.
std::optional<model::QualifiedName> strong_lock_of(const plan::Step &step) {
  if (!step.relation_in_use || step.lock < plan::Lock::Share || !step.locked_relation) return std::nullopt;
  return step.locked_relation;
}

// The transaction of the open migration, holding a lock that blocks writes
// on `held`, would wait for the step's lock on another relation in use:
// meanwhile the writers of `held` would wait too (hazards.md, two strong
// locks in one transaction).
bool waits_while_holding(const std::optional<model::QualifiedName> &held, const plan::Step &step) {
  return held && step.relation_in_use && step.lock != plan::Lock::None && step.locked_relation &&
         *step.locked_relation != *held;
}

} // namespace

std::vector<std::string> statements_of(const std::vector<StepStatements> &steps) {
  std::vector<std::string> statements;
  for (const StepStatements &step : steps)
    statements.insert(statements.end(), step.statements.begin(), step.statements.end());
  return statements;
}

std::vector<Migration> group_into_migrations(const plan::Plan &plan) {
  std::vector<Migration> migrations;
  bool open = false; // whether migrations.back() takes more transactional steps
  std::optional<model::QualifiedName> held; // its write-blocking lock on a relation in use
  for (const plan::Step &step : plan) {
    if (!step.transactional) {
      split_outside_transaction(step, migrations);
      open = false;
      continue;
    }
    const bool alone = runs_long(step);
    if (!open || alone || migrations.back().phase != step.phase || waits_while_holding(held, step)) {
      migrations.emplace_back();
      migrations.back().phase = step.phase;
      held.reset();
    }
    open = !alone;
    if (!held) held = strong_lock_of(step);
    Migration &migration = migrations.back();
    if (!step.up.empty()) migration.up.push_back({step.limits, step.up});
    // Later steps are undone first.
    if (!step.down.empty()) migration.down.insert(migration.down.begin(), StepStatements{step.limits, step.down});
    add_step_facts(migration, step);
  }
  return migrations;
}

} // namespace schemadiff::emit
