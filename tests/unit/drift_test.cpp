#include "schemadiff/diff/drift.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using diff::Drift;
using diff::DriftKind;
using model::ObjectKind;
using model::ObjectRef;

namespace {

const model::QualifiedName users_name{"public", "users"};

model::Column column(const std::string &name, const std::string &type,
                     std::optional<std::string> default_value = std::nullopt) {
  model::Column result;
  result.name = name;
  result.type = type;
  result.default_value = std::move(default_value);
  return result;
}

model::Index index(const std::string &name, const model::QualifiedName &table, const std::string &columns) {
  model::Index result;
  result.name = {table.schema, name};
  result.table = table;
  result.definition =
      "CREATE INDEX " + name + " ON " + table.schema + "." + table.name + " USING btree (" + columns + ")";
  result.method = "btree";
  return result;
}

model::Routine function(const std::string &name, const std::string &body) {
  model::Routine routine;
  routine.key = {"public", name, "n integer"};
  routine.arguments = "n integer";
  routine.result = "integer";
  routine.language = "sql";
  routine.definition = "CREATE OR REPLACE FUNCTION public." + name +
                       "(n integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$" + body + "$function$\n";
  return routine;
}

// A small application: a schema, a table with a key and an index, a view
// over a column, a function.
model::Catalog application() {
  model::Catalog catalog;
  catalog.schemas["public"] = {"public", std::nullopt, {}};
  model::Table users;
  users.name = users_name;
  users.columns = {column("id", "bigint"), column("email", "text", "''::text")};
  model::Constraint key;
  key.name = "users_pkey";
  key.kind = model::ConstraintKind::PrimaryKey;
  key.definition = "PRIMARY KEY (id)";
  key.columns = {"id"};
  users.constraints = {key};
  catalog.tables[users_name] = users;
  model::Index key_index = index("users_pkey", users_name, "id");
  key_index.unique = true;
  key_index.constraint = "users_pkey";
  catalog.indexes[key_index.name] = key_index;
  const model::Index email = index("users_email", users_name, "email");
  catalog.indexes[email.name] = email;
  model::View emails;
  emails.name = {"public", "emails"};
  emails.definition = " SELECT users.email FROM public.users;";
  emails.columns = {"email"};
  catalog.views[emails.name] = emails;
  catalog.dependencies[ObjectRef{ObjectKind::View, "public", "emails", ""}] = {
      ObjectRef{ObjectKind::Column, "public", "users", "email"}};
  const model::Routine total = function("total", "SELECT n + 1");
  catalog.routines[total.key] = total;
  return catalog;
}

ObjectRef ref(ObjectKind kind, const std::string &name, const std::string &member = "") {
  return ObjectRef{kind, "public", name, member};
}

std::vector<diff::IgnorePattern> patterns(const std::vector<std::string> &texts) {
  std::vector<diff::IgnorePattern> parsed;
  for (const std::string &text : texts) parsed.push_back(diff::parse_ignore_pattern(text));
  return parsed;
}

} // namespace

TEST_CASE("equal catalogs have no drift, and every object is checked") {
  const diff::DriftResult result = diff::find_drift(application(), application());
  CHECK(result.differences.empty());
  CHECK(result.ignored.empty());
  // public, users, its two columns and key, two indexes, the view, the function.
  CHECK(result.checked.size() == 9);
  CHECK(std::is_sorted(result.checked.begin(), result.checked.end()));
}

TEST_CASE("an index, a column default and a function body changed by hand are each one drift") {
  model::Catalog database = application();
  const model::Index hotfix = index("hotfix", users_name, "email, id");
  database.indexes[hotfix.name] = hotfix;
  database.tables[users_name].columns[1].default_value = "'none'::text";
  database.routines[{"public", "total", "n integer"}] = function("total", "SELECT n + 2");

  const diff::DriftResult result = diff::find_drift(database, application());
  // The view over the changed column is not drift: it is the same view.
  CHECK(result.differences == std::vector<Drift>{{ref(ObjectKind::Column, "users", "email"), DriftKind::Differs},
                                                 {ref(ObjectKind::Index, "hotfix"), DriftKind::UnexpectedInDatabase},
                                                 {ref(ObjectKind::Routine, "total", "n integer"), DriftKind::Differs}});
}

TEST_CASE("an object the database lacks is missing from it") {
  model::Catalog database = application();
  database.indexes.erase({"public", "users_email"});
  database.routines.clear();
  const diff::DriftResult result = diff::find_drift(database, application());
  CHECK(result.differences ==
        std::vector<Drift>{{ref(ObjectKind::Index, "users_email"), DriftKind::MissingFromDatabase},
                           {ref(ObjectKind::Routine, "total", "n integer"), DriftKind::MissingFromDatabase}});
}

TEST_CASE("a table's own attributes are the table's drift, its columns their own") {
  model::Catalog database = application();
  database.tables[users_name].comment = "hand made";
  database.tables[users_name].columns.push_back(column("nickname", "text"));
  const diff::DriftResult result = diff::find_drift(database, application());
  CHECK(result.differences ==
        std::vector<Drift>{{ref(ObjectKind::Table, "users"), DriftKind::Differs},
                           {ref(ObjectKind::Column, "users", "nickname"), DriftKind::UnexpectedInDatabase}});
}

TEST_CASE("what belongs to an unexpected table or schema is told by it alone") {
  model::Catalog database = application();
  model::Table scratch;
  scratch.name = {"public", "scratch"};
  scratch.columns = {column("id", "integer")};
  database.tables[scratch.name] = scratch;
  const model::Index scratch_index = index("scratch_id", scratch.name, "id");
  database.indexes[scratch_index.name] = scratch_index;
  database.schemas["audit"] = {"audit", std::nullopt, {}};
  model::Table log;
  log.name = {"audit", "log"};
  log.columns = {column("at", "timestamp with time zone")};
  database.tables[log.name] = log;

  const diff::DriftResult result = diff::find_drift(database, application());
  CHECK(result.differences ==
        std::vector<Drift>{{ObjectRef{ObjectKind::Schema, "audit", "", ""}, DriftKind::UnexpectedInDatabase},
                           {ref(ObjectKind::Table, "scratch"), DriftKind::UnexpectedInDatabase}});
  CHECK(std::find(result.checked.begin(), result.checked.end(), ref(ObjectKind::Index, "scratch_id")) ==
        result.checked.end());
}

TEST_CASE("a changed key is told by its constraint, not again by its index") {
  model::Catalog database = application();
  database.tables[users_name].constraints[0].definition = "PRIMARY KEY (id, email)";
  database.tables[users_name].constraints[0].columns = {"id", "email"};
  database.indexes[{"public", "users_pkey"}].definition = "CREATE UNIQUE INDEX users_pkey ON public.users (id, email)";
  const diff::DriftResult result = diff::find_drift(database, application());
  CHECK(result.differences ==
        std::vector<Drift>{{ref(ObjectKind::Constraint, "users", "users_pkey"), DriftKind::Differs}});
}

TEST_CASE("ignore patterns leave out objects, their members and their indexes") {
  model::Catalog database = application();
  model::Table scratch;
  scratch.name = {"public", "tmp_import"};
  scratch.columns = {column("id", "integer")};
  database.tables[scratch.name] = scratch;
  // Named unlike its table: left out because its table is.
  const model::Index scratch_index = index("import_by_id", scratch.name, "id");
  database.indexes[scratch_index.name] = scratch_index;
  database.tables[users_name].columns.push_back(column("legacy_name", "text"));
  database.schemas["audit"] = {"audit", std::nullopt, {}};
  database.routines[{"public", "total", "n integer"}] = function("total", "SELECT n + 2");

  const diff::DriftResult result =
      diff::find_drift(database, application(), patterns({"public.tmp_*", "public.users.legacy_*", "audit.*"}));
  CHECK(result.differences == std::vector<Drift>{{ref(ObjectKind::Routine, "total", "n integer"), DriftKind::Differs}});
  CHECK(result.ignored == std::vector<ObjectRef>{
                              ObjectRef{ObjectKind::Schema, "audit", "", ""}, ref(ObjectKind::Table, "tmp_import"),
                              ref(ObjectKind::Column, "tmp_import", "id"),
                              ref(ObjectKind::Column, "users", "legacy_name"), ref(ObjectKind::Index, "import_by_id")});
}

TEST_CASE("an extension is ignored by the schema it is installed in") {
  model::Catalog database = application();
  database.extensions["pg_trgm"] = {"pg_trgm", "public", "1.6", std::nullopt};
  CHECK(diff::find_drift(database, application()).differences ==
        std::vector<Drift>{{ObjectRef{ObjectKind::Extension, "", "pg_trgm", ""}, DriftKind::UnexpectedInDatabase}});
  CHECK(diff::find_drift(database, application(), patterns({"*.pg_trgm"})).differences.empty());
  CHECK(diff::find_drift(database, application(), patterns({"public.pg_trgm"})).differences.empty());
  CHECK_FALSE(diff::find_drift(database, application(), patterns({"extensions.pg_trgm"})).differences.empty());
}
