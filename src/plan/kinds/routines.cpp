// Functions, procedures and aggregates. A function or procedure is created
// from the definition the server printed (pg_get_functiondef) and changed in
// place with CREATE OR REPLACE, which keeps what depends on it; what CREATE
// OR REPLACE cannot change (argument names or defaults, the result type) is
// a re-creation (the differ). An aggregate can only be commented and
// granted in place.

#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/routines.hpp"

namespace schemadiff::plan::kinds {

namespace {

model::RoutineKey key_of(const model::ObjectRef &object) { return {object.schema, object.name, object.member}; }

const model::Routine &routine_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto routine = catalog.routines.find(key_of(object));
  if (routine == catalog.routines.end()) {
    throw Error("the catalog has no such function or procedure", ddl::routine_signature(key_of(object)));
  }
  return routine->second;
}

const model::Aggregate &aggregate_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto aggregate = catalog.aggregates.find(key_of(object));
  if (aggregate == catalog.aggregates.end()) {
    throw Error("the catalog has no such aggregate", ddl::aggregate_signature(key_of(object)));
  }
  return aggregate->second;
}

void append(std::vector<std::string> &statements, std::vector<std::string> more) {
  for (std::string &statement : more) statements.push_back(std::move(statement));
}

std::string title(const model::Routine &routine) {
  return (routine.kind == model::RoutineKind::Procedure ? "procedure " : "function ") +
         ddl::routine_signature(routine.key);
}

Step routine_step(Phase phase, std::string summary) {
  Step step;
  step.phase = phase;
  step.summary = std::move(summary);
  return step;
}

// ----- functions and procedures

// The stored definition. PostgreSQL does not record what a string body
// (AS $$ ... $$) reads, so no order of steps can promise that a SQL
// function's tables exist when it is created (a down re-creates a function
// before the table it reads if the up dropped them in the other order);
// with check_function_bodies off, the body is checked when it runs instead,
// as pg_dump does. A SQL-standard body (BEGIN ATOMIC, RETURN) is parsed
// anyway and its reads are recorded, so it is ordered after them.
std::vector<std::string> definition_statements(const model::Routine &routine) {
  std::vector<std::string> statements;
  if (routine.language == "sql") statements.push_back("SET check_function_bodies = false");
  statements.push_back(ddl::without_terminator(routine.definition));
  return statements;
}

// What a new function, procedure or aggregate in `schema` is granted when
// it is created: PostgreSQL's EXECUTE for PUBLIC, as ALTER DEFAULT
// PRIVILEGES ... ON FUNCTIONS changes it. A step creating one runs after the
// steps that change those defaults.
model::Privileges granted_at_creation(const model::Catalog &catalog, const std::string &schema) {
  return ddl::privileges_at_creation(catalog, schema, 'f', ddl::routine_default_privileges());
}

void wait_for_default_privileges(const model::Catalog &catalog, const std::string &schema, Step &step) {
  for (const model::DefaultPrivilegeKey &key : ddl::default_privileges_for(catalog, schema, 'f')) {
    step.needs.push_back(diff::default_privilege_ref(key));
  }
}

// Comment and grants from `from` (null: a new routine, with no comment and
// the grants it gets at creation) to `to`.
std::vector<std::string> attribute_statements(const model::Catalog &catalog, const model::Routine *from,
                                              const model::Routine &to) {
  const std::string target = ddl::routine_target(to);
  std::vector<std::string> statements =
      ddl::comment_statements(target, from ? from->comment : std::nullopt, to.comment);
  append(statements, ddl::grant_statements(target, to.privileges,
                                           from ? from->privileges : granted_at_creation(catalog, to.key.schema)));
  return statements;
}

std::vector<std::string> create_routine_statements(const model::Catalog &catalog, const model::Routine &routine) {
  std::vector<std::string> statements = definition_statements(routine);
  append(statements, attribute_statements(catalog, nullptr, routine));
  return statements;
}

// The routine of the other catalog that PostgreSQL takes for this one: same
// name and argument types, other parameter names. CREATE OR REPLACE cannot
// rename parameters, so the new one's create step drops the old one first
// (nothing is lost: it is the same function), and the old one's drop step
// is that one.
const model::Routine *renamed_parameters(const model::Catalog &other, const model::Routine &routine) {
  const std::string types = ddl::argument_types(routine.key.identity_arguments);
  for (const auto &[key, candidate] : other.routines) {
    if (key.schema == routine.key.schema && key.name == routine.key.name && key != routine.key &&
        ddl::argument_types(key.identity_arguments) == types) {
      return &candidate;
    }
  }
  return nullptr;
}

void routine_create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Routine &routine = routine_of(context.desired, object);
  const model::Routine *replaced = purpose == Purpose::Create ? renamed_parameters(context.current, routine) : nullptr;
  const bool recreated = purpose == Purpose::RecreateCreate || replaced != nullptr;
  Step step = routine_step(Phase::Expand, (recreated ? "re-create " : "create ") + title(routine));
  step.creates = {object};
  if (replaced != nullptr) {
    step.up = {ddl::drop_if_exists(ddl::routine_target(*replaced))};
    step.down = {ddl::drop_if_exists(ddl::routine_target(routine))};
    append(step.up, create_routine_statements(context.desired, routine));
    append(step.down, create_routine_statements(context.current, *replaced));
    step.drops = {diff::routine_ref(model::ObjectKind::Routine, replaced->key)};
  } else {
    step.up = create_routine_statements(context.desired, routine);
    step.down = {ddl::drop_if_exists(ddl::routine_target(routine))};
  }
  wait_for_default_privileges(context.desired, routine.key.schema, step);
  steps.push_back(std::move(step));
}

void routine_drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Routine &routine = routine_of(context.current, object);
  if (purpose == Purpose::Drop && renamed_parameters(context.desired, routine) != nullptr) return;
  Step step = routine_step(drop_phase(purpose), "drop " + title(routine));
  step.up = {ddl::drop_if_exists(ddl::routine_target(routine))};
  step.down = create_routine_statements(context.current, routine);
  step.drops = {object};
  if (purpose == Purpose::Drop) {
    step.hazards.push_back({HazardKind::BreaksRunningCode, "code still calling the " + title(routine) + " fails"});
  }
  steps.push_back(std::move(step));
}

std::vector<std::string> routine_alter_statements(const model::Catalog &catalog, const model::Routine &from,
                                                  const model::Routine &to) {
  std::vector<std::string> statements;
  if (from.definition != to.definition) statements = definition_statements(to);
  append(statements, attribute_statements(catalog, &from, to));
  return statements;
}

void routine_alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Routine &from = routine_of(context.current, object);
  const model::Routine &to = routine_of(context.desired, object);
  Step step = routine_step(Phase::Expand, (from.definition != to.definition ? "replace " : "alter ") + title(to));
  step.up = routine_alter_statements(context.desired, from, to);
  step.down = routine_alter_statements(context.current, to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

// ----- aggregates

std::vector<std::string> aggregate_attribute_statements(const model::Catalog &catalog, const model::Aggregate *from,
                                                        const model::Aggregate &to) {
  std::vector<std::string> statements =
      ddl::comment_statements(ddl::aggregate_target(to.key), from ? from->comment : std::nullopt, to.comment);
  append(statements, ddl::grant_statements(ddl::aggregate_grant_target(to.key), to.privileges,
                                           from ? from->privileges : granted_at_creation(catalog, to.key.schema)));
  return statements;
}

std::vector<std::string> create_aggregate_statements(const model::Catalog &catalog, const model::Aggregate &aggregate) {
  std::vector<std::string> statements{ddl::or_replace(ddl::create_aggregate(aggregate))};
  append(statements, aggregate_attribute_statements(catalog, nullptr, aggregate));
  return statements;
}

void aggregate_create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Aggregate &aggregate = aggregate_of(context.desired, object);
  Step step =
      routine_step(Phase::Expand, (purpose == Purpose::RecreateCreate ? "re-create aggregate " : "create aggregate ") +
                                      ddl::aggregate_signature(aggregate.key));
  step.up = create_aggregate_statements(context.desired, aggregate);
  step.down = {ddl::drop_if_exists(ddl::aggregate_target(aggregate.key))};
  step.creates = {object};
  wait_for_default_privileges(context.desired, aggregate.key.schema, step);
  steps.push_back(std::move(step));
}

void aggregate_drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Aggregate &aggregate = aggregate_of(context.current, object);
  Step step = routine_step(drop_phase(purpose), "drop aggregate " + ddl::aggregate_signature(aggregate.key));
  step.up = {ddl::drop_if_exists(ddl::aggregate_target(aggregate.key))};
  step.down = create_aggregate_statements(context.current, aggregate);
  step.drops = {object};
  if (purpose == Purpose::Drop) {
    step.hazards.push_back({HazardKind::BreaksRunningCode, "code still using the aggregate fails"});
  }
  steps.push_back(std::move(step));
}

void aggregate_alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Aggregate &from = aggregate_of(context.current, object);
  const model::Aggregate &to = aggregate_of(context.desired, object);
  Step step = routine_step(Phase::Expand, "alter aggregate " + ddl::aggregate_signature(to.key));
  step.up = aggregate_attribute_statements(context.desired, &from, to);
  step.down = aggregate_attribute_statements(context.current, &to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder routine_builder{routine_create, routine_drop, routine_alter};
const KindBuilder aggregate_builder{aggregate_create, aggregate_drop, aggregate_alter};

} // namespace schemadiff::plan::kinds
