#include "schemadiff/emit/migrations.hpp"

#include <algorithm>

namespace schemadiff::emit {

namespace {

bool is_session_setting(const std::string &statement) { return statement.rfind("SET ", 0) == 0; }

void add_step_facts(Migration &migration, const plan::Step &step) {
  migration.summaries.push_back(step.summary);
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
  std::vector<std::string> settings;
  std::vector<std::string> up;
  for (const std::string &statement : step.up) {
    (is_session_setting(statement) ? settings : up).push_back(statement);
  }
  const std::vector<std::string> &down = step.down;
  const std::size_t count = std::max(up.size(), down.size());
  for (std::size_t i = 0; i < count; ++i) {
    Migration migration;
    migration.phase = step.phase;
    migration.transactional = false;
    migration.settings = settings;
    if (i < up.size()) migration.up.push_back(up[i]);
    // Migration i's down is the step's down statement count-1-i.
    const std::size_t from_end = count - 1 - i;
    if (from_end < down.size()) migration.down.push_back(down[from_end]);
    add_step_facts(migration, step);
    // Only once the step's last statement ran do its objects exist.
    if (i + 1 < up.size()) migration.leaves.clear();
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

} // namespace

std::vector<Migration> group_into_migrations(const plan::Plan &plan) {
  std::vector<Migration> migrations;
  bool open = false; // whether migrations.back() takes more transactional steps
  for (const plan::Step &step : plan) {
    if (!step.transactional) {
      split_outside_transaction(step, migrations);
      open = false;
      continue;
    }
    const bool alone = runs_long(step);
    if (!open || alone || migrations.back().phase != step.phase) {
      migrations.emplace_back();
      migrations.back().phase = step.phase;
    }
    open = !alone;
    Migration &migration = migrations.back();
    migration.up.insert(migration.up.end(), step.up.begin(), step.up.end());
    // Later steps are undone first.
    migration.down.insert(migration.down.begin(), step.down.begin(), step.down.end());
    add_step_facts(migration, step);
  }
  return migrations;
}

} // namespace schemadiff::emit
