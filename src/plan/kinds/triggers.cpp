// Triggers: CREATE TRIGGER from the stored definition with its firing
// state, DROP TRIGGER, and in place the firing state and the comment. A
// changed definition is a re-creation (the differ).

#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/triggers.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

const model::Trigger &trigger_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto trigger = catalog.triggers.find({name_of(object), object.member});
  if (trigger == catalog.triggers.end()) throw Error("the catalog has no such trigger", display(object));
  return trigger->second;
}

std::vector<std::string> create_statements(const model::Trigger &trigger) {
  // CREATE OR REPLACE TRIGGER is new in PostgreSQL 14 and not for
  // constraint triggers: a guard makes the creation safe to run again.
  std::vector<std::string> statements = ddl::create_trigger(trigger);
  statements.front() = ddl::unless_exists(ddl::trigger_exists(trigger.key), statements.front());
  for (std::string &comment :
       ddl::comment_statements(ddl::trigger_target(trigger.key), std::nullopt, trigger.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

std::string drop_statement(const model::Trigger &trigger) {
  return ddl::drop_if_exists(ddl::trigger_target(trigger.key));
}

std::string summary(const char *verb, const model::Trigger &trigger) {
  return fmt::format("{} trigger {} on {}", verb, pg::quote_ident(trigger.key.name), display(trigger.key.table));
}

// CREATE TRIGGER (and ALTER TABLE ... ENABLE/DISABLE TRIGGER) take SHARE ROW
// EXCLUSIVE on the table: writes wait, reads go on.
void create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Trigger &trigger = trigger_of(context.desired, object);
  Step step =
      table_step(context, Phase::Expand, summary(purpose == Purpose::RecreateCreate ? "re-create" : "create", trigger),
                 trigger.key.table, Lock::ShareRowExclusive);
  step.up = create_statements(trigger);
  step.down = {drop_statement(trigger)};
  step.creates = {object};
  steps.push_back(std::move(step));
}

// DROP TRIGGER takes ACCESS EXCLUSIVE on the table.
void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Trigger &trigger = trigger_of(context.current, object);
  Step step =
      table_step(context, drop_phase(purpose), summary("drop", trigger), trigger.key.table, Lock::AccessExclusive);
  step.up = {drop_statement(trigger)};
  step.down = create_statements(trigger);
  step.drops = {object};
  steps.push_back(std::move(step));
}

std::vector<std::string> alter_statements(const model::Trigger &from, const model::Trigger &to) {
  std::vector<std::string> statements;
  if (from.enabled != to.enabled) statements.push_back(ddl::set_trigger_enabled(to));
  for (std::string &comment : ddl::comment_statements(ddl::trigger_target(to.key), from.comment, to.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Trigger &from = trigger_of(context.current, object);
  const model::Trigger &to = trigger_of(context.desired, object);
  // Enabling or disabling takes SHARE ROW EXCLUSIVE; COMMENT ON TRIGGER
  // only SHARE UPDATE EXCLUSIVE, which reads and writes do not wait for.
  const Lock lock = from.enabled != to.enabled ? Lock::ShareRowExclusive : Lock::ShareUpdateExclusive;
  Step step = table_step(context, Phase::Expand, summary("alter", to), to.key.table, lock);
  step.up = alter_statements(from, to);
  step.down = alter_statements(to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder trigger_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
