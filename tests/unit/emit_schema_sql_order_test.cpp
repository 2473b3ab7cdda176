// The order objects are written in: what a statement needs comes before it,
// so the file loads into an empty database from top to bottom.

#include "schemadiff/emit/schema_sql.hpp"
#include "schemadiff/error.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using emit::render_schema_sql;
using model::ConstraintKind;
using model::QualifiedName;

namespace {

// Where `text` first appears in `sql`; fails the test when it does not.
std::size_t position_of(const std::string &sql, const std::string &text) {
  const std::size_t at = sql.find(text);
  INFO("looking for: " << text);
  REQUIRE(at != std::string::npos);
  return at;
}

model::Table table(QualifiedName name) {
  model::Table made;
  made.name = std::move(name);
  model::Column id;
  id.name = "id";
  id.type = "bigint";
  made.columns = {id};
  return made;
}

model::Constraint foreign_key(std::string name, std::string target) {
  model::Constraint made;
  made.name = std::move(name);
  made.kind = ConstraintKind::ForeignKey;
  made.definition = "FOREIGN KEY (id) REFERENCES " + target + "(id)";
  return made;
}

model::View view(QualifiedName name, std::vector<QualifiedName> reads) {
  model::View made;
  made.name = std::move(name);
  made.definition = " SELECT 1;";
  made.depends_on.relations = std::move(reads);
  return made;
}

std::string error_of(const model::Catalog &catalog) {
  try {
    render_schema_sql(catalog);
  } catch (const Error &error) {
    return std::string(error.what()) + " at " + error.where();
  }
  return "no error";
}

} // namespace

TEST_CASE("emit sql: a partition comes after its parent even when its name sorts first") {
  model::Catalog catalog;
  model::Table parent = table({"public", "zz_events"});
  parent.partition_key = "LIST (id)";
  model::Table middle = table({"public", "m_events"});
  middle.partition_of = model::PartitionBound{parent.name, "FOR VALUES IN (1, 2)"};
  middle.partition_key = "LIST (id)";
  model::Table leaf = table({"public", "a_events"});
  leaf.partition_of = model::PartitionBound{middle.name, "FOR VALUES IN (1)"};
  for (const auto &made : {parent, middle, leaf}) catalog.tables[made.name] = made;
  const std::string sql = render_schema_sql(catalog);
  CHECK(position_of(sql, "CREATE TABLE public.zz_events") < position_of(sql, "CREATE TABLE public.m_events"));
  CHECK(position_of(sql, "CREATE TABLE public.m_events") < position_of(sql, "CREATE TABLE public.a_events"));
}

TEST_CASE("emit sql: foreign keys come after every table, so a cycle of keys loads") {
  model::Catalog catalog;
  model::Table a = table({"public", "a"});
  a.constraints = {foreign_key("a_b", "public.zb")};
  model::Table b = table({"public", "zb"});
  b.constraints = {foreign_key("b_a", "public.a")};
  catalog.tables[a.name] = a;
  catalog.tables[b.name] = b;
  const std::string sql = render_schema_sql(catalog);
  const std::size_t last_table = position_of(sql, "CREATE TABLE public.zb");
  CHECK(last_table < position_of(sql, "ADD CONSTRAINT a_b FOREIGN KEY"));
  CHECK(last_table < position_of(sql, "ADD CONSTRAINT b_a FOREIGN KEY"));
}

TEST_CASE("emit sql: a view comes after the views and materialized views it reads") {
  model::Catalog catalog;
  catalog.views[{"public", "a_top"}] = view({"public", "a_top"}, {{"public", "m_middle"}, {"public", "t"}});
  model::MaterializedView middle;
  middle.name = {"public", "m_middle"};
  middle.definition = " SELECT 1;";
  middle.depends_on.relations = {{"public", "z_base"}};
  catalog.materialized_views[middle.name] = middle;
  catalog.views[{"public", "z_base"}] = view({"public", "z_base"}, {{"public", "t"}});
  catalog.tables[{"public", "t"}] = table({"public", "t"});
  const std::string sql = render_schema_sql(catalog);
  CHECK(position_of(sql, "CREATE TABLE public.t") < position_of(sql, "CREATE VIEW public.z_base"));
  CHECK(position_of(sql, "CREATE VIEW public.z_base") < position_of(sql, "CREATE MATERIALIZED VIEW public.m_middle"));
  CHECK(position_of(sql, "CREATE MATERIALIZED VIEW public.m_middle") < position_of(sql, "CREATE VIEW public.a_top"));
}

TEST_CASE("emit sql: a routine whose SQL-standard body reads relations is written with the views") {
  model::Catalog catalog;
  catalog.tables[{"public", "t"}] = table({"public", "t"});
  model::Routine counts;
  counts.key = {"public", "count_t", ""};
  counts.definition = "CREATE OR REPLACE FUNCTION public.count_t()\n RETURNS bigint\n LANGUAGE sql\nBEGIN ATOMIC\n "
                      "SELECT count(*) AS count\n    FROM public.t;\nEND\n";
  catalog.routines[counts.key] = counts;
  // Calls count_t, so it too must wait; and reads a view.
  model::Routine twice;
  twice.key = {"public", "a_twice", ""};
  twice.definition = "CREATE OR REPLACE FUNCTION public.a_twice()\n RETURNS bigint\n LANGUAGE sql\nRETURN "
                     "(public.count_t() * (SELECT n FROM public.z_view))\n";
  catalog.routines[twice.key] = twice;
  model::Routine plain;
  plain.key = {"public", "plain", ""};
  plain.definition = "CREATE OR REPLACE FUNCTION public.plain()\n RETURNS bigint\n LANGUAGE sql\nAS $function$select "
                     "count(*) from public.t$function$\n";
  catalog.routines[plain.key] = plain;
  catalog.views[{"public", "z_view"}] = view({"public", "z_view"}, {{"public", "t"}});
  catalog.views[{"public", "z_view"}].depends_on.routines = {counts.key};
  using model::ObjectKind;
  catalog.dependencies[{ObjectKind::Routine, "public", "count_t", ""}] = {{ObjectKind::Table, "public", "t", ""}};
  catalog.dependencies[{ObjectKind::Routine, "public", "a_twice", ""}] = {
      {ObjectKind::View, "public", "z_view", ""}, {ObjectKind::Routine, "public", "count_t", ""}};

  const std::string sql = render_schema_sql(catalog);
  CHECK(position_of(sql, "CREATE OR REPLACE FUNCTION public.plain()") < position_of(sql, "CREATE TABLE public.t"));
  CHECK(position_of(sql, "CREATE TABLE public.t") < position_of(sql, "CREATE OR REPLACE FUNCTION public.count_t()"));
  CHECK(position_of(sql, "-- function public.count_t()\n") < position_of(sql, "CREATE VIEW public.z_view"));
  CHECK(position_of(sql, "CREATE VIEW public.z_view") <
        position_of(sql, "CREATE OR REPLACE FUNCTION public.a_twice()"));
}

TEST_CASE("emit sql: views that read each other in a cycle are an error naming them") {
  model::Catalog catalog;
  catalog.views[{"public", "a"}] = view({"public", "a"}, {{"public", "b"}});
  catalog.views[{"public", "b"}] = view({"public", "b"}, {{"public", "a"}});
  CHECK(error_of(catalog) ==
        "the catalog's views read each other in a cycle at view public.a -> view public.b -> view public.a");
}

TEST_CASE("emit sql: a composite type comes after the domain it uses, a domain after the type it is over") {
  model::Catalog catalog;
  model::CompositeType address;
  address.name = {"app", "Address"};
  address.attributes = {{"zip", "public.zip_code[]", std::nullopt, std::nullopt}};
  catalog.composite_types[address.name] = address;
  model::Domain zip;
  zip.name = {"public", "zip_code"};
  zip.base_type = "public.zip_code_base";
  catalog.domains[zip.name] = zip;
  model::Domain base;
  base.name = {"public", "zip_code_base"};
  base.base_type = "text";
  catalog.domains[base.name] = base;
  // A name that merely starts like another is not a use of it.
  model::Domain similar;
  similar.name = {"aaa", "zip"};
  similar.base_type = "public.zip_code_base2";
  catalog.domains[similar.name] = similar;
  const std::string sql = render_schema_sql(catalog);
  CHECK(position_of(sql, "CREATE DOMAIN aaa.zip") < position_of(sql, "CREATE TYPE app.\"Address\""));
  CHECK(position_of(sql, "CREATE DOMAIN public.zip_code_base ") < position_of(sql, "CREATE DOMAIN public.zip_code "));
  CHECK(position_of(sql, "CREATE DOMAIN public.zip_code ") < position_of(sql, "CREATE TYPE app.\"Address\""));
}

TEST_CASE("emit sql: types that use each other in a cycle are an error naming them") {
  model::Catalog catalog;
  model::CompositeType a;
  a.name = {"public", "a"};
  a.attributes = {{"b", "public.b", std::nullopt, std::nullopt}};
  catalog.composite_types[a.name] = a;
  model::Domain b;
  b.name = {"public", "b"};
  b.base_type = "public.a";
  catalog.domains[b.name] = b;
  CHECK(error_of(catalog) ==
        "the catalog's types use each other in a cycle at composite type public.a -> domain public.b -> composite "
        "type public.a");
}

TEST_CASE("emit sql: kinds come in dependency order") {
  model::Catalog catalog;
  catalog.schemas["app"] = {"app", std::nullopt, {}};
  catalog.extensions["citext"] = {"citext", "app", "1.6", std::nullopt};
  catalog.enums[{"app", "mood"}] = {{"app", "mood"}, {"ok"}, std::nullopt, {{"PUBLIC", "USAGE", false}}};
  model::Routine routine;
  routine.key = {"app", "f", ""};
  routine.definition = "CREATE OR REPLACE FUNCTION app.f() RETURNS app.mood LANGUAGE sql AS $$select 'ok'$$";
  catalog.routines[routine.key] = routine;
  model::Sequence sequence;
  sequence.name = {"app", "s"};
  catalog.sequences[sequence.name] = sequence;
  model::Table t = table({"app", "t"});
  t.columns[0].default_value = "nextval('app.s'::regclass)";
  model::Constraint key;
  key.name = "t_pkey";
  key.kind = ConstraintKind::PrimaryKey;
  key.definition = "PRIMARY KEY (id)";
  t.constraints = {key};
  catalog.tables[t.name] = t;
  catalog.views[{"app", "v"}] = view({"app", "v"}, {t.name});
  model::Trigger trigger;
  trigger.key = {t.name, "tr"};
  trigger.definition = "CREATE TRIGGER tr BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.f()";
  catalog.triggers[trigger.key] = trigger;

  const std::string sql = render_schema_sql(catalog);
  const std::vector<std::string> in_order = {"SET check_function_bodies = false;",
                                             "CREATE SCHEMA app;",
                                             "CREATE EXTENSION IF NOT EXISTS citext",
                                             "CREATE TYPE app.mood",
                                             "CREATE OR REPLACE FUNCTION app.f()",
                                             "CREATE SEQUENCE app.s",
                                             "CREATE TABLE app.t",
                                             "ADD CONSTRAINT t_pkey",
                                             "CREATE VIEW app.v",
                                             "CREATE TRIGGER tr",
                                             "REVOKE EXECUTE ON FUNCTION app.f() FROM PUBLIC"};
  for (std::size_t i = 1; i < in_order.size(); ++i) {
    INFO(in_order[i - 1] << " before " << in_order[i]);
    CHECK(position_of(sql, in_order[i - 1]) < position_of(sql, in_order[i]));
  }
}

TEST_CASE("emit sql: the same catalog always gives the same text, however it was built") {
  const auto build = [](bool reversed) {
    model::Catalog catalog;
    std::vector<model::Table> tables;
    for (const char *name : {"b", "a", "Z", "order", "ü"}) tables.push_back(table({"public", name}));
    if (reversed) std::reverse(tables.begin(), tables.end());
    for (const auto &made : tables) catalog.tables[made.name] = made;
    catalog.views[{"public", "v2"}] = view({"public", "v2"}, {{"public", "v1"}});
    catalog.views[{"public", "v1"}] = view({"public", "v1"}, {{"public", "a"}});
    return catalog;
  };
  const std::string first = render_schema_sql(build(false));
  CHECK(first == render_schema_sql(build(false)));
  CHECK(first == render_schema_sql(build(true)));
  CHECK(position_of(first, "public.\"Z\"") < position_of(first, "public.a"));
}
