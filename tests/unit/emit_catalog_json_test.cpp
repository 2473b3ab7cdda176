#include "schemadiff/emit/catalog_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace schemadiff;
using emit::render_catalog_json;
using nlohmann::json;

namespace {

model::Catalog sample() {
  model::Catalog catalog;
  catalog.server_version_num = 150020;
  catalog.schemas["Sales \"EU\""] = {"Sales \"EU\"", "ours", {{"app", "USAGE", true}}};

  model::Table order;
  order.name = {"Sales \"EU\"", "order"};
  model::Column id;
  id.name = "id";
  id.type = "bigint";
  id.not_null = true;
  id.identity = model::Identity{model::IdentityKind::ByDefault, {"bigint", 5, 1, 1, INT64_MAX, 1, false}};
  model::Column user;
  user.name = "user";
  user.type = "text";
  user.collation = "pg_catalog.\"C\"";
  user.comment = "naïve café";
  order.columns = {id, user};
  model::Constraint key;
  key.name = "order_pkey";
  key.kind = model::ConstraintKind::PrimaryKey;
  key.definition = "PRIMARY KEY (id)";
  key.columns = {"id"};
  model::Constraint owner;
  owner.name = "order_user_fkey";
  owner.kind = model::ConstraintKind::ForeignKey;
  owner.definition = "FOREIGN KEY (\"user\") REFERENCES public.users(name) ON DELETE SET NULL";
  owner.columns = {"user"};
  owner.references = model::ForeignKeyTarget{{"public", "users"}, {"name"}, 'f', 'c', 'n'};
  owner.validated = false;
  order.constraints = {key, owner};
  order.partition_key = "RANGE (id)";
  catalog.tables[order.name] = order;
  catalog.statistics[order.name] = {1234.5, 8192};

  model::Trigger trigger;
  trigger.key = {order.name, "audit"};
  trigger.definition = "CREATE TRIGGER audit ...";
  trigger.function = "public.audit";
  trigger.enabled = model::TriggerEnabled::Replica;
  catalog.triggers[trigger.key] = trigger;

  model::Aggregate aggregate;
  aggregate.key = {"public", "median", "ORDER BY double precision"};
  aggregate.kind = 'o';
  aggregate.parallel = "s";
  catalog.aggregates[aggregate.key] = aggregate;

  model::Routine routine;
  routine.key = {"public", "purge", "IN days integer"};
  routine.kind = model::RoutineKind::Procedure;
  catalog.routines[routine.key] = routine;

  catalog.default_privileges[{"app", "", 'f'}] = {{"app", "", 'f'}, {{"app", "EXECUTE", false}}};
  catalog.dependencies[{model::ObjectKind::View, "public", "v", ""}] = {
      {model::ObjectKind::Column, "Sales \"EU\"", "order", "user"}};
  return catalog;
}

} // namespace

TEST_CASE("emit json: the document lists every kind in a fixed order") {
  const json document = json::parse(render_catalog_json(model::Catalog{}));
  // nlohmann::json sorts keys; the text's own order is checked below.
  const std::string text = render_catalog_json(model::Catalog{});
  const std::vector<std::string> expected = {"format",
                                             "format_version",
                                             "server_version_num",
                                             "schemas",
                                             "extensions",
                                             "collations",
                                             "enums",
                                             "domains",
                                             "composite_types",
                                             "range_types",
                                             "sequences",
                                             "tables",
                                             "indexes",
                                             "views",
                                             "materialized_views",
                                             "routines",
                                             "aggregates",
                                             "triggers",
                                             "policies",
                                             "default_privileges",
                                             "dependencies",
                                             "statistics"};
  std::size_t last = 0;
  for (const std::string &key : expected) {
    INFO(key);
    REQUIRE(document.contains(key));
    const std::size_t at = text.find("\n  \"" + key + "\":");
    REQUIRE(at != std::string::npos);
    CHECK(at >= last);
    last = at;
  }
  CHECK(document.size() == expected.size());
  CHECK(document["format"] == "schemadiff.catalog");
  CHECK(document["tables"] == json::array());
}

TEST_CASE("emit json: tables carry every field, enums as lower-case words, absent values as null") {
  const json document = json::parse(render_catalog_json(sample()));
  CHECK(document["server_version_num"] == 150020);
  REQUIRE(document["tables"].size() == 1);
  const json &order = document["tables"][0];
  CHECK(order["schema"] == "Sales \"EU\"");
  CHECK(order["name"] == "order");
  CHECK(order["partition_key"] == "RANGE (id)");
  CHECK(order["partition_of"].is_null());
  CHECK(order["comment"].is_null());
  CHECK(order["options"] == json::array());

  const json &id = order["columns"][0];
  CHECK(id["identity"]["kind"] == "by_default");
  CHECK(id["identity"]["options"]["start"] == 5);
  CHECK(id["identity"]["options"]["max_value"] == INT64_MAX);
  CHECK(id["collation"].is_null());
  const json &user = order["columns"][1];
  CHECK(user["collation"] == "pg_catalog.\"C\"");
  CHECK(user["comment"] == "naïve café");
  CHECK(user["identity"].is_null());

  CHECK(order["constraints"][0]["kind"] == "primary_key");
  const json &owner = order["constraints"][1];
  CHECK(owner["kind"] == "foreign_key");
  CHECK(owner["validated"] == false);
  CHECK(owner["references"]["table"] == json{{"name", "users"}, {"schema", "public"}});
  CHECK(owner["references"]["match_type"] == "full");
  CHECK(owner["references"]["on_update"] == "cascade");
  CHECK(owner["references"]["on_delete"] == "set_null");
}

TEST_CASE("emit json: members, routines, defaults, dependencies and statistics") {
  const json document = json::parse(render_catalog_json(sample()));
  CHECK(document["triggers"][0]["table"]["name"] == "order");
  CHECK(document["triggers"][0]["name"] == "audit");
  CHECK(document["triggers"][0]["enabled"] == "replica");
  CHECK(document["aggregates"][0]["kind"] == "ordered_set");
  CHECK(document["aggregates"][0]["parallel"] == "safe");
  CHECK(document["aggregates"][0]["identity_arguments"] == "ORDER BY double precision");
  CHECK(document["routines"][0]["kind"] == "procedure");
  CHECK(document["schemas"][0]["privileges"][0] ==
        json{{"grantee", "app"}, {"privilege", "USAGE"}, {"grantable", true}});
  CHECK(document["default_privileges"][0]["object_type"] == "functions");
  CHECK(document["default_privileges"][0]["schema"].is_null());
  CHECK(document["dependencies"][0]["object"]["kind"] == "view");
  CHECK(document["dependencies"][0]["depends_on"][0]["member"] == "user");
  const json &statistics = document["statistics"][0];
  CHECK(statistics["schema"] == "Sales \"EU\"");
  CHECK(statistics["estimated_rows"] == 1234.5);
  CHECK(statistics["total_bytes"] == 8192);
}

TEST_CASE("emit json: fields keep the model's order and the text is stable") {
  const std::string text = render_catalog_json(sample());
  CHECK(text == render_catalog_json(sample()));
  CHECK_THAT(text, Catch::EndsWith("}\n"));
  // Two-space indent, the identity first.
  CHECK_THAT(text, Catch::Contains("  \"tables\": [\n    {\n      \"schema\": \"Sales \\\"EU\\\"\",\n      \"name\": "
                                   "\"order\",\n      \"unlogged\": false,"));
}

TEST_CASE("emit json: bytes that are not UTF-8 are replaced, not fatal") {
  model::Catalog catalog;
  catalog.schemas["bad\xff"] = {"bad\xff", std::nullopt, {}};
  const json document = json::parse(render_catalog_json(catalog));
  CHECK(document["schemas"][0]["name"] == "bad\xEF\xBF\xBD");
}
