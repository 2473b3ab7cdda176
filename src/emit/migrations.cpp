#include "schemadiff/emit/migrations.hpp"

#include <algorithm>
#include <set>

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
    if (i < step.up.size()) {
      migration.up.push_back({step.limits, {step.up[i]}});
      // What a failed attempt of the step leaves comes from its first statement.
      if (i == 0) migration.retry_cleanup = step.retry_cleanup;
    }
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

// The relations in use that the step locks, and those of them it locks so
// that writes wait (SHARE and stronger conflict with their ROW EXCLUSIVE).
std::set<model::QualifiedName> relations_locked(const plan::Step &step) {
  std::set<model::QualifiedName> relations(step.also_locked.begin(), step.also_locked.end());
  if (step.relation_in_use && step.locked_relation) relations.insert(*step.locked_relation);
  if (step.lock == plan::Lock::None) relations.clear();
  return relations;
}

std::set<model::QualifiedName> relations_blocked(const plan::Step &step) {
  return step.lock >= plan::Lock::Share ? relations_locked(step) : std::set<model::QualifiedName>{};
}

// A transaction holding locks that block writes on `held` would wait for
// the step's lock on another relation in use: meanwhile the writers of what
// it holds would wait too (hazards.md, two strong locks in one transaction).
bool waits_while_holding(const std::set<model::QualifiedName> &held, const plan::Step &step) {
  for (const model::QualifiedName &locked : relations_locked(step)) {
    if (std::any_of(held.begin(), held.end(), [&locked](const model::QualifiedName &name) { return name != locked; }))
      return true;
  }
  return false;
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
  std::set<model::QualifiedName> held; // what its transaction locks so that writes wait
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
      held.clear();
    }
    open = !alone;
    held.merge(relations_blocked(step));
    Migration &migration = migrations.back();
    if (!step.up.empty()) migration.up.push_back({step.limits, step.up});
    // Later steps are undone first.
    if (!step.down.empty()) migration.down.insert(migration.down.begin(), StepStatements{step.limits, step.down});
    add_step_facts(migration, step);
  }
  return migrations;
}

} // namespace schemadiff::emit
