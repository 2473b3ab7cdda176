#include "schemadiff/diff/changes.hpp"
#include "schemadiff/diff/object_refs.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using model::ObjectKind;
using model::ObjectRef;

namespace {

const model::QualifiedName users_name{"public", "users"};

model::Column column(const std::string &name, const std::string &type) {
  model::Column result;
  result.name = name;
  result.type = type;
  return result;
}

model::Catalog with_users_table() {
  model::Catalog catalog;
  model::Table users;
  users.name = users_name;
  users.columns = {column("id", "bigint"), column("email", "text")};
  model::Constraint key;
  key.name = "users_pkey";
  key.kind = model::ConstraintKind::PrimaryKey;
  key.definition = "PRIMARY KEY (id)";
  key.columns = {"id"};
  users.constraints = {key};
  catalog.tables[users_name] = users;
  return catalog;
}

ObjectRef ref(ObjectKind kind, const std::string &name, const std::string &member = "") {
  return ObjectRef{kind, "public", name, member};
}

void add_view_on_email(model::Catalog &catalog) {
  model::View view;
  view.name = {"public", "emails"};
  view.definition = " SELECT users.email FROM public.users;";
  view.columns = {"email"};
  catalog.views[view.name] = view;
  catalog.dependencies[ref(ObjectKind::View, "emails")] = {ref(ObjectKind::Column, "users", "email")};
}

} // namespace

TEST_CASE("equal catalogs have no changes") {
  CHECK(diff::diff_catalogs(with_users_table(), with_users_table()).empty());
}

TEST_CASE("tables only in one catalog are created or dropped") {
  const auto changes = diff::diff_catalogs({}, with_users_table());
  CHECK(changes.created == std::set<ObjectRef>{ref(ObjectKind::Table, "users")});
  CHECK(diff::diff_catalogs(with_users_table(), {}).dropped == std::set<ObjectRef>{ref(ObjectKind::Table, "users")});
}

TEST_CASE("columns and constraints are added, dropped and altered one by one") {
  const model::Catalog current = with_users_table();
  model::Catalog desired = with_users_table();
  auto &table = desired.tables[users_name];
  table.columns[1].not_null = true;
  table.columns.push_back(column("name", "text"));
  table.constraints.clear();
  const auto changes = diff::diff_catalogs(current, desired);
  CHECK(changes.created == std::set<ObjectRef>{ref(ObjectKind::Column, "users", "name")});
  CHECK(changes.altered == std::set<ObjectRef>{ref(ObjectKind::Column, "users", "email")});
  CHECK(changes.dropped == std::set<ObjectRef>{ref(ObjectKind::Constraint, "users", "users_pkey")});
  CHECK(changes.recreated.empty());
}

TEST_CASE("column order is not a difference") {
  const model::Catalog current = with_users_table();
  model::Catalog desired = with_users_table();
  std::swap(desired.tables[users_name].columns[0], desired.tables[users_name].columns[1]);
  CHECK(diff::diff_catalogs(current, desired).empty());
  CHECK(current.same_schema(desired));
}

TEST_CASE("a column changing type re-creates the views that read it") {
  model::Catalog current = with_users_table();
  add_view_on_email(current);
  model::Catalog desired = current;
  desired.tables[users_name].columns[1].type = "character varying(200)";
  const auto changes = diff::diff_catalogs(current, desired);
  CHECK(changes.altered == std::set<ObjectRef>{ref(ObjectKind::Column, "users", "email")});
  CHECK(changes.recreated == std::set<ObjectRef>{ref(ObjectKind::View, "emails")});
}

TEST_CASE("a changed primary key re-creates the foreign keys that use its index") {
  model::Catalog current = with_users_table();
  model::Index key_index;
  key_index.name = {"public", "users_pkey"};
  key_index.table = users_name;
  key_index.definition = "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)";
  key_index.constraint = "users_pkey";
  current.indexes[key_index.name] = key_index;
  model::Table orders;
  orders.name = {"public", "orders"};
  orders.columns = {column("user_id", "bigint")};
  model::Constraint fk;
  fk.name = "orders_user_fk";
  fk.kind = model::ConstraintKind::ForeignKey;
  fk.definition = "FOREIGN KEY (user_id) REFERENCES public.users(id)";
  orders.constraints = {fk};
  current.tables[orders.name] = orders;
  current.dependencies[ref(ObjectKind::Constraint, "orders", "orders_user_fk")] = {ref(ObjectKind::Index, "users_pkey")};
  model::Catalog desired = current;
  desired.tables[users_name].constraints[0].definition = "PRIMARY KEY (id, email)";
  desired.indexes[key_index.name].definition = "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id, email)";
  const auto changes = diff::diff_catalogs(current, desired);
  CHECK(changes.recreated.contains(ref(ObjectKind::Constraint, "users", "users_pkey")));
  CHECK(changes.recreated.contains(ref(ObjectKind::Index, "users_pkey")));
  CHECK(changes.recreated.contains(ref(ObjectKind::Constraint, "orders", "orders_user_fk")));
}

TEST_CASE("an enum gaining a label is altered; losing or reordering one re-creates it") {
  model::Catalog current;
  model::EnumType mood;
  mood.name = {"public", "mood"};
  mood.labels = {"sad", "ok"};
  current.enums[mood.name] = mood;
  model::Catalog desired = current;
  desired.enums[mood.name].labels = {"sad", "meh", "ok", "happy"};
  CHECK(diff::diff_catalogs(current, desired).altered == std::set<ObjectRef>{ref(ObjectKind::Type, "mood")});
  desired.enums[mood.name].labels = {"ok", "sad"};
  CHECK(diff::diff_catalogs(current, desired).recreated == std::set<ObjectRef>{ref(ObjectKind::Type, "mood")});
}

TEST_CASE("a function whose result type changes is re-created with the triggers that call it") {
  model::Catalog current = with_users_table();
  model::Routine touch;
  touch.key = {"public", "touch", ""};
  touch.result = "trigger";
  touch.definition = "CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger ...";
  current.routines[touch.key] = touch;
  model::Trigger trigger;
  trigger.key = {users_name, "users_touch"};
  trigger.definition = "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()";
  current.triggers[trigger.key] = trigger;
  current.dependencies[ref(ObjectKind::Trigger, "users", "users_touch")] = {ref(ObjectKind::Routine, "touch")};

  model::Catalog body_only = current;
  body_only.routines[touch.key].definition += " -- new body";
  const auto replaced = diff::diff_catalogs(current, body_only);
  CHECK(replaced.altered == std::set<ObjectRef>{ref(ObjectKind::Routine, "touch")});
  CHECK(replaced.recreated.empty());

  model::Catalog new_result = current;
  new_result.routines[touch.key].result = "event_trigger";
  const auto recreated = diff::diff_catalogs(current, new_result);
  CHECK(recreated.recreated ==
        std::set<ObjectRef>{ref(ObjectKind::Routine, "touch"), ref(ObjectKind::Trigger, "users", "users_touch")});
}

TEST_CASE("an index left invalid by a failed build is re-created") {
  model::Catalog current;
  model::Index index;
  index.name = {"public", "users_email_idx"};
  index.definition = "CREATE INDEX users_email_idx ON public.users USING btree (email)";
  model::Catalog desired = current;
  desired.indexes[index.name] = index;
  index.valid = false;
  current.indexes[index.name] = index;
  CHECK(diff::diff_catalogs(current, desired).recreated == std::set<ObjectRef>{ref(ObjectKind::Index, "users_email_idx")});
}

TEST_CASE("a dropped column takes down the view that read it, which is re-created if still wanted") {
  model::Catalog current = with_users_table();
  add_view_on_email(current);
  model::Catalog desired = with_users_table();
  desired.tables[users_name].columns.pop_back();
  model::View view = current.views.at({"public", "emails"});
  view.definition = " SELECT users.id FROM public.users;";
  view.columns = {"id"};
  desired.views[view.name] = view;
  const auto changes = diff::diff_catalogs(current, desired);
  CHECK(changes.dropped == std::set<ObjectRef>{ref(ObjectKind::Column, "users", "email")});
  CHECK(changes.recreated == std::set<ObjectRef>{ref(ObjectKind::View, "emails")});
}
