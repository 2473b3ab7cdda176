// Schemas (CREATE / DROP SCHEMA, comment, grants) and extensions (CREATE /
// DROP EXTENSION, UPDATE TO, SET SCHEMA, comment). Neither locks a table.

#include "backup.hpp"
#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/new_object_privileges.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/schemas.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

// Every database has public: it is never created or dropped, only altered.
bool is_public(const model::ObjectRef &object) { return object.schema == "public"; }

const model::Schema &schema_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto schema = catalog.schemas.find(object.schema);
  if (schema == catalog.schemas.end()) throw Error("the catalog has no such schema", "schema " + object.schema);
  return schema->second;
}

std::string schema_target(const model::Schema &schema) { return "SCHEMA " + pg::quote_ident(schema.name); }

// Comment and grants that turn `from` into `to`.
std::vector<std::string> schema_attributes(const model::Schema &from, const model::Schema &to) {
  std::vector<std::string> statements = ddl::comment_statements(schema_target(to), from.comment, to.comment);
  for (std::string &grant : ddl::grant_statements(schema_target(to), to.privileges, from.privileges)) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

std::vector<std::string> create_schema_statements(const BuildContext &context, const model::Schema &schema) {
  // IF NOT EXISTS: the file can run again after it succeeded.
  std::vector<std::string> statements{ddl::if_not_exists(ddl::create_schema(schema.name))};
  for (std::string &comment : ddl::comment_statements(schema_target(schema), std::nullopt, schema.comment)) {
    statements.push_back(std::move(comment));
  }
  for (std::string &grant : ddl::new_object_grants({schema_target(schema), schema.name, 'n', {}}, schema.privileges,
                                                   context.current, context.desired)) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

// The objects in the schema are dropped by their own steps first (they
// need the schema), so no CASCADE: a schema that still holds something
// schemadiff does not know of stops the plan instead of losing it.
std::string drop_schema(const model::Schema &schema) { return ddl::drop_if_exists(schema_target(schema)); }

Step schema_step(Phase phase, std::string summary, const model::ObjectRef &object) {
  Step step;
  step.phase = phase;
  step.summary = std::move(summary) + " " + pg::quote_ident(object.schema);
  step.lock = Lock::None;
  return step;
}

void schema_create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  if (is_public(object)) return;
  const model::Schema &schema = schema_of(context.desired, object);
  Step step =
      schema_step(Phase::Expand, purpose == Purpose::RecreateCreate ? "re-create schema" : "create schema", object);
  step.up = create_schema_statements(context, schema);
  step.down = {drop_schema(schema)};
  step.creates = {object};
  steps.push_back(std::move(step));
}

void schema_drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  if (is_public(object)) return;
  const model::Schema &schema = schema_of(context.current, object);
  Step step = schema_step(drop_phase(purpose), "drop schema", object);
  step.up = {drop_schema(schema)};
  step.down = create_schema_statements(context, schema);
  step.drops = {object};
  step.hazards.push_back({HazardKind::BreaksRunningCode, "code still naming the schema fails"});
  steps.push_back(std::move(step));
}

void schema_alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Schema &from = schema_of(context.current, object);
  const model::Schema &to = schema_of(context.desired, object);
  Step step = schema_step(Phase::Expand, "alter schema", object);
  step.up = schema_attributes(from, to);
  step.down = schema_attributes(to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

const model::Extension &extension_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto extension = catalog.extensions.find(object.name);
  if (extension == catalog.extensions.end())
    throw Error("the catalog has no such extension", "extension " + object.name);
  return extension->second;
}

std::string extension_target(const model::Extension &extension) {
  return "EXTENSION " + pg::quote_ident(extension.name);
}

std::vector<std::string> create_extension_statements(const model::Extension &extension) {
  std::vector<std::string> statements{ddl::create_extension(extension)};
  for (std::string &comment : ddl::comment_statements(extension_target(extension), std::nullopt, extension.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

std::string drop_extension(const model::Extension &extension) {
  return ddl::drop_if_exists(extension_target(extension));
}

std::vector<std::string> alter_extension_statements(const model::Extension &from, const model::Extension &to) {
  std::vector<std::string> statements = ddl::alter_extension(from, to);
  for (std::string &comment : ddl::comment_statements(extension_target(to), from.comment, to.comment)) {
    statements.push_back(std::move(comment));
  }
  return statements;
}

Step extension_step(Phase phase, std::string summary, const model::Extension &extension) {
  Step step;
  step.phase = phase;
  step.summary = std::move(summary) + " " + pg::quote_ident(extension.name);
  step.lock = Lock::None;
  // The extension's objects go into its schema (pg_depend records this too).
  if (!extension.schema.empty()) step.needs = {diff::schema_ref(extension.schema)};
  return step;
}

void extension_create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Extension &extension = extension_of(context.desired, object);
  Step step = extension_step(
      Phase::Expand, purpose == Purpose::RecreateCreate ? "re-create extension" : "create extension", extension);
  step.up = create_extension_statements(extension);
  step.down = {drop_extension(extension)};
  step.creates = {object};
  steps.push_back(std::move(step));
}

void extension_drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Extension &extension = extension_of(context.current, object);
  // An extension cannot be kept out of sight in the backup schema as a type
  // can (it belongs to the whole database): refused before anything runs
  // rather than failing half-way.
  if (used_by_backups(context.current, context.desired, object)) {
    throw Error(fmt::format("extension {} cannot be dropped in the same plan that keeps dropped data using it in {}",
                            pg::quote_ident(extension.name), backup_schema),
                "extension " + pg::quote_ident(extension.name),
                fmt::format("keep the extension in the schema for now; drop it in a later change, once the backups in "
                            "{} are dropped",
                            backup_schema));
  }
  Step step = extension_step(drop_phase(purpose), "drop extension", extension);
  step.needs.clear();
  step.up = {drop_extension(extension)};
  step.down = create_extension_statements(extension);
  step.drops = {object};
  step.hazards.push_back({HazardKind::BreaksRunningCode, "code still using the extension's functions or types fails"});
  steps.push_back(std::move(step));
}

void extension_alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::Extension &from = extension_of(context.current, object);
  const model::Extension &to = extension_of(context.desired, object);
  Step step = extension_step(Phase::Expand, "alter extension", to);
  step.up = alter_extension_statements(from, to);
  step.down = alter_extension_statements(to, from);
  step.creates = {object};
  if (from.version != to.version) {
    step.hazards.push_back(
        {HazardKind::Irreversible, "the down goes back to version " + from.version +
                                       ", which works only when the extension ships that update path"});
  }
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder schema_builder{schema_create, schema_drop, schema_alter};
const KindBuilder extension_builder{extension_create, extension_drop, extension_alter};

} // namespace schemadiff::plan::kinds
