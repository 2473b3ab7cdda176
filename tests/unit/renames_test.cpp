#include "schemadiff/diff/changes.hpp"
#include "schemadiff/diff/renames.hpp"
#include "schemadiff/error.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using diff::Rename;
using model::ObjectKind;
using model::ObjectRef;

namespace {

model::Column column(const std::string &name, const std::string &type) {
  model::Column result;
  result.name = name;
  result.type = type;
  return result;
}

// public.<table> (id bigint primary key, <name> text) with an index on <name>,
// and public.orders referencing it.
model::Catalog shop(const std::string &table, const std::string &name) {
  model::Catalog catalog;
  const model::QualifiedName table_name{"public", table};
  model::Table users;
  users.name = table_name;
  users.columns = {column("id", "bigint"), column(name, "text")};
  model::Constraint key;
  key.name = table + "_pkey";
  key.kind = model::ConstraintKind::PrimaryKey;
  key.definition = "PRIMARY KEY (id)";
  key.columns = {"id"};
  users.constraints = {key};
  catalog.tables[table_name] = users;

  model::Index key_index;
  key_index.name = {"public", table + "_pkey"};
  key_index.table = table_name;
  key_index.definition = "CREATE UNIQUE INDEX " + table + "_pkey ON public." + table + " USING btree (id)";
  key_index.unique = true;
  key_index.constraint = table + "_pkey";
  catalog.indexes[key_index.name] = key_index;

  model::Index by_name;
  by_name.name = {"public", "by_name"};
  by_name.table = table_name;
  by_name.definition = "CREATE INDEX by_name ON public." + table + " USING btree (" + name + ")";
  by_name.keys = {{name, std::nullopt, std::nullopt, false, false}};
  catalog.indexes[by_name.name] = by_name;

  model::Table orders;
  orders.name = {"public", "orders"};
  orders.columns = {column("id", "bigint"), column("buyer", "bigint")};
  model::Constraint buyer;
  buyer.name = "orders_buyer_fkey";
  buyer.kind = model::ConstraintKind::ForeignKey;
  buyer.definition = "FOREIGN KEY (buyer) REFERENCES public." + table + "(id)";
  buyer.columns = {"buyer"};
  buyer.references = model::ForeignKeyTarget{table_name, {"id"}};
  orders.constraints = {buyer};
  catalog.tables[orders.name] = orders;

  catalog.dependencies[{ObjectKind::Index, "public", "by_name", ""}] = {{ObjectKind::Column, "public", table, name}};
  catalog.dependencies[{ObjectKind::Constraint, "public", "orders", "orders_buyer_fkey"}] = {
      {ObjectKind::Column, "public", table, "id"}, {ObjectKind::Index, "public", table + "_pkey", ""}};
  catalog.statistics[table_name] = {10000, 1 << 20};
  return catalog;
}

Error refusal(const model::Catalog &current, const model::Catalog &desired,
              std::map<std::string, std::string> entries) {
  try {
    diff::resolve_renames(current, desired, entries);
  } catch (const Error &error) {
    return error;
  }
  FAIL("no error");
  return Error("");
}

} // namespace

TEST_CASE("renames: a renamed table and column, and the key named after the table, leave nothing else to change") {
  const model::Catalog current = shop("accounts", "name");
  const model::Catalog desired = shop("customers", "full_name");
  const auto renames = diff::resolve_renames(current, desired,
                                             {{"public.accounts", "customers"}, {"public.accounts.name", "full_name"}});
  CHECK(renames == std::vector<Rename>{
                       {{ObjectKind::Table, "public", "accounts", ""}, "customers", "public.accounts"},
                       {{ObjectKind::Column, "public", "customers", "name"}, "full_name", "public.accounts.name"},
                       {{ObjectKind::Constraint, "public", "customers", "accounts_pkey"}, "customers_pkey", ""},
                   });
  const model::Catalog renamed = diff::apply_renames(current, renames);
  CHECK(renamed.same_schema(desired));
  CHECK(renamed.dependencies == desired.dependencies);
  CHECK(renamed.statistics.contains({"public", "customers"}));
  CHECK(diff::diff_catalogs(renamed, desired).empty());
}

TEST_CASE("renames: an entry already applied asks for nothing") {
  const model::Catalog desired = shop("customers", "full_name");
  CHECK(diff::resolve_renames(desired, desired,
                              {{"public.accounts", "customers"}, {"public.customers.name", "full_name"}})
            .empty());
}

TEST_CASE("renames: the new name may be given qualified like the key") {
  const auto renames = diff::resolve_renames(shop("accounts", "name"), shop("accounts", "full_name"),
                                             {{"public.accounts.name", "public.accounts.full_name"}});
  REQUIRE(renames.size() == 1);
  CHECK(renames.front().to == "full_name");
}

TEST_CASE("renames: entries that cannot be right are errors naming the key, with a hint") {
  const model::Catalog current = shop("accounts", "name");
  SECTION("neither name exists") {
    const Error error = refusal(current, shop("accounts", "name"), {{"public.acounts", "customers"}});
    CHECK(error.where() == "[renames] \"public.acounts\"");
    CHECK_THAT(error.what(), Catch::Contains("no public.acounts") && Catch::Contains("no public.customers"));
    CHECK(!error.hint().empty());
  }
  SECTION("the new name is not desired") {
    const Error error = refusal(current, shop("accounts", "name"), {{"public.accounts.name", "full_name"}});
    CHECK(error.what() ==
          std::string("the schema files have no column public.accounts.full_name to rename public.accounts.name to"));
  }
  SECTION("the old name is still desired") {
    model::Catalog desired = shop("accounts", "full_name");
    desired.tables[{"public", "accounts"}].columns.push_back(column("name", "text"));
    const Error error = refusal(current, desired, {{"public.accounts.name", "full_name"}});
    CHECK_THAT(error.what(), Catch::Contains("renamed or kept?"));
  }
  SECTION("the new name is taken") {
    model::Catalog taken = current;
    taken.tables[{"public", "customers"}] = taken.tables[{"public", "orders"}];
    taken.tables[{"public", "customers"}].name = {"public", "customers"};
    const Error error = refusal(taken, shop("customers", "name"), {{"public.accounts", "customers"}});
    CHECK_THAT(error.what(), Catch::Contains("already has public.customers"));
  }
  SECTION("a type, or a view's column") {
    model::Catalog typed = current;
    typed.enums[{"public", "mood"}] = model::EnumType{{"public", "mood"}, {"sad", "happy"}, std::nullopt, {}};
    typed.views[{"public", "names"}] = model::View{};
    CHECK_THAT(refusal(typed, typed, {{"public.mood", "feeling"}}).what(), Catch::Contains("public.mood is a type"));
    CHECK_THAT(refusal(typed, typed, {{"public.names.name", "full_name"}}).what(),
               Catch::Contains("public.names is a view"));
  }
  SECTION("a key of one name, or a new name of another table") {
    CHECK(refusal(current, current, {{"accounts", "customers"}}).where() == "[renames] \"accounts\"");
    CHECK(refusal(current, current, {{"public.accounts.name", "public.other.full_name"}}).where() ==
          "[renames] \"public.accounts.name\"");
  }
}

TEST_CASE("renames: a renamed ref names the renamed object and the members named by it") {
  const Rename table{{ObjectKind::Table, "public", "accounts", ""}, "customers", ""};
  CHECK(diff::renamed_ref({ObjectKind::Column, "public", "accounts", "id"}, table) ==
        ObjectRef{ObjectKind::Column, "public", "customers", "id"});
  CHECK(diff::renamed_ref({ObjectKind::Index, "public", "accounts", ""}, table) ==
        ObjectRef{ObjectKind::Index, "public", "accounts", ""});
  const auto [old_table, predicate] =
      diff::expression_before_renames({"public", "customers"}, "length(full_name) > 10",
                                      {table, {{ObjectKind::Column, "public", "customers", "name"}, "full_name", ""}});
  CHECK(old_table == model::QualifiedName{"public", "accounts"});
  CHECK(predicate == "length(name) > 10");
}
