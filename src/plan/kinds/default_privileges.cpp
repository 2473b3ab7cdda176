// ALTER DEFAULT PRIVILEGES entries: an entry is created, dropped or altered
// by GRANT and REVOKE statements against its baseline (ddl::
// default_privilege_baseline). PostgreSQL removes an entry that comes back
// to its baseline, so a drop is the way back to it. No lock, no hazard:
// only objects created later are affected.

#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/default_privileges.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

const model::DefaultPrivilege &entry_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const model::DefaultPrivilegeKey key{object.name, object.schema, object.member.empty() ? 'r' : object.member[0]};
  const auto entry = catalog.default_privileges.find(key);
  if (entry == catalog.default_privileges.end()) {
    throw Error("the catalog has no such default privileges entry", "default privileges for role " + object.name);
  }
  return entry->second;
}

std::string describe(const model::DefaultPrivilegeKey &key) {
  return fmt::format("default privileges for role {}{} on {}", pg::quote_ident(key.role),
                     key.schema.empty() ? "" : " in schema " + pg::quote_ident(key.schema),
                     ddl::default_privilege_objects(key.object_type));
}

// The entry's baseline on the server the plan runs on.
model::Privileges baseline(const BuildContext &context, const model::DefaultPrivilegeKey &key) {
  return ddl::default_privilege_baseline(key, context.current.server_version_num);
}

Step entry_step(Phase phase, const std::string &verb, const model::DefaultPrivilegeKey &key) {
  Step step;
  step.phase = phase;
  step.summary = verb + " " + describe(key);
  step.lock = Lock::None;
  return step;
}

void create(const BuildContext &context, const model::ObjectRef &object, Purpose, Plan &steps) {
  const model::DefaultPrivilege &entry = entry_of(context.desired, object);
  const model::Privileges from = baseline(context, entry.key);
  Step step = entry_step(Phase::Expand, "set", entry.key);
  step.up = ddl::default_privilege_statements(entry.key, entry.privileges, from);
  step.down = ddl::default_privilege_statements(entry.key, from, entry.privileges);
  step.creates = {object};
  steps.push_back(std::move(step));
}

void drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::DefaultPrivilege &entry = entry_of(context.current, object);
  const model::Privileges to = baseline(context, entry.key);
  Step step = entry_step(drop_phase(purpose), "reset", entry.key);
  step.up = ddl::default_privilege_statements(entry.key, to, entry.privileges);
  step.down = ddl::default_privilege_statements(entry.key, entry.privileges, to);
  step.drops = {object};
  steps.push_back(std::move(step));
}

void alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::DefaultPrivilege &from = entry_of(context.current, object);
  const model::DefaultPrivilege &to = entry_of(context.desired, object);
  Step step = entry_step(Phase::Expand, "change", to.key);
  step.up = ddl::default_privilege_statements(to.key, to.privileges, from.privileges);
  step.down = ddl::default_privilege_statements(to.key, from.privileges, to.privileges);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder default_privilege_builder{create, drop, alter};

} // namespace schemadiff::plan::kinds
