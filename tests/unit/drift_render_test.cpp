#include "schemadiff/emit/drift_render.hpp"
#include "schemadiff/emit/object_sql.hpp"

#include "emit/line_diff.hpp"
#include "support/xml_document.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace schemadiff;
using diff::DriftKind;
using emit::CheckedObject;
using emit::DriftReport;
using emit::LineMark;
using model::ObjectKind;
using model::ObjectRef;

namespace {

CheckedObject same(ObjectKind kind, const std::string &kind_name, const std::string &name) {
  return CheckedObject{ObjectRef{kind, "public", name, ""}, kind_name, "public." + name, std::nullopt, {}, {}};
}

// Three drifts of the issue: a column default, a hand-made index, a
// function body; and two objects that are the same.
DriftReport three_drifts() {
  DriftReport report;
  report.source = "schema";
  report.ignored = 2;
  report.objects.push_back(same(ObjectKind::Table, "table", "users"));
  report.objects.push_back(CheckedObject{ObjectRef{ObjectKind::Column, "public", "users", "email"}, "column",
                                         "public.users.email", DriftKind::Differs,
                                         "ALTER TABLE public.users ADD COLUMN email text DEFAULT ''::text;\n",
                                         "ALTER TABLE public.users ADD COLUMN email text DEFAULT 'none'::text;\n"});
  report.objects.push_back(CheckedObject{ObjectRef{ObjectKind::Index, "public", "hotfix", ""}, "index", "public.hotfix",
                                         DriftKind::UnexpectedInDatabase, "",
                                         "CREATE INDEX hotfix ON public.users USING btree (email);\n"});
  report.objects.push_back(CheckedObject{ObjectRef{ObjectKind::Routine, "public", "total", "n integer"}, "function",
                                         "public.total(n integer)", DriftKind::Differs,
                                         "CREATE FUNCTION public.total(n integer)\nAS $$\n  SELECT n + 1\n$$;\n",
                                         "CREATE FUNCTION public.total(n integer)\nAS $$\n  SELECT n + 2\n$$;\n"});
  report.objects.push_back(same(ObjectKind::View, "view", "emails"));
  return report;
}

DriftReport no_drift() {
  DriftReport report;
  report.source = "schema";
  report.objects.push_back(same(ObjectKind::Table, "table", "users"));
  return report;
}

// An object whose name holds every character the formats must escape.
DriftReport awkward_name() {
  DriftReport report;
  report.source = "schema <&> \"dir\"";
  report.objects.push_back(CheckedObject{ObjectRef{ObjectKind::Table, "public", "a|b`c<&>\"'\x01", ""}, "table",
                                         "public.\"a|b`c<&>\"\"'\x01\"", DriftKind::MissingFromDatabase,
                                         "CREATE TABLE t (x text DEFAULT '```' || '<&>');\n", ""});
  return report;
}

} // namespace

TEST_CASE("line_diff marks removed lines before added ones and keeps context") {
  const auto lines = emit::line_diff("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nd\nE\nf\ng\nh\ni\n", 1);
  CHECK(lines == std::vector<emit::DiffLine>{{LineMark::Kept, "..."},
                                             {LineMark::Kept, "d"},
                                             {LineMark::Removed, "e"},
                                             {LineMark::Added, "E"},
                                             {LineMark::Kept, "f"},
                                             {LineMark::Kept, "..."}});
  CHECK(emit::line_diff("", "x\ny\n") == std::vector<emit::DiffLine>{{LineMark::Added, "x"}, {LineMark::Added, "y"}});
  CHECK(emit::line_diff("x\n", "") == std::vector<emit::DiffLine>{{LineMark::Removed, "x"}});
}

TEST_CASE("drift as text names every drifted object with both sides") {
  const std::string text = emit::render_drift_text(three_drifts(), false);
  CHECK_THAT(text, Catch::StartsWith("Drift: 3 objects in the database differ from the schema files in schema "
                                     "(5 objects checked, 2 ignored).\n"));
  CHECK_THAT(text, Catch::Contains("~ column public.users.email: differs\n"
                                   "    -ALTER TABLE public.users ADD COLUMN email text DEFAULT ''::text;\n"
                                   "    +ALTER TABLE public.users ADD COLUMN email text DEFAULT 'none'::text;\n"));
  CHECK_THAT(text, Catch::Contains("+ index public.hotfix: unexpected in the database\n"
                                   "    +CREATE INDEX hotfix ON public.users USING btree (email);\n"));
  CHECK_THAT(text, Catch::Contains("~ function public.total(n integer): differs\n"));
  CHECK_THAT(text, Catch::Contains("    -  SELECT n + 1\n    +  SELECT n + 2\n"));
  CHECK_THAT(text, !Catch::Contains("view") && !Catch::Contains("\033["));
  CHECK_THAT(emit::render_drift_text(three_drifts(), true), Catch::Contains("\033[31m-"));
}

TEST_CASE("no drift as text is one line") {
  CHECK(emit::render_drift_text(no_drift(), false) ==
        "No drift: the database matches the schema files in schema (1 object checked).\n");
  DriftReport migrations = no_drift();
  migrations.against = emit::ExpectedSide::Migrations;
  migrations.source = "generated";
  CHECK_THAT(emit::render_drift_text(migrations, false), Catch::Contains("the migrations in generated"));
}

TEST_CASE("drift as json lists every difference with both sides, null for the side that lacks it") {
  const auto json = nlohmann::json::parse(emit::render_drift_json(three_drifts()));
  CHECK(json["drift"] == true);
  CHECK(json["against"] == "schema");
  CHECK(json["source"] == "schema");
  CHECK(json["checked"] == 5);
  CHECK(json["ignored"] == 2);
  REQUIRE(json["differences"].size() == 3);
  const auto &column = json["differences"][0];
  CHECK(column["kind"] == "column");
  CHECK(column["name"] == "public.users.email");
  CHECK(column["schema"] == "public");
  CHECK(column["object"] == "users");
  CHECK(column["member"] == "email");
  CHECK(column["drift"] == "differs");
  CHECK_THAT(column["expected"].get<std::string>(), Catch::Contains("DEFAULT ''::text"));
  CHECK_THAT(column["actual"].get<std::string>(), Catch::Contains("DEFAULT 'none'::text"));
  const auto &index = json["differences"][1];
  CHECK(index["drift"] == "unexpected_in_database");
  CHECK(index["expected"].is_null());
  CHECK(index["member"].is_null());
  CHECK(json["differences"][2]["member"] == "n integer");

  const auto none = nlohmann::json::parse(emit::render_drift_json(no_drift()));
  CHECK(none["drift"] == false);
  CHECK(none["differences"].empty());
}

TEST_CASE("drift as markdown is a table of the drifts and a diff for each") {
  const std::string markdown = emit::render_drift_markdown(three_drifts());
  CHECK_THAT(markdown, Catch::StartsWith("### schemadiff drift: 3 objects differ\n"));
  CHECK_THAT(markdown, Catch::Contains("| :pencil2: | column `public.users.email` | differs |\n"));
  CHECK_THAT(markdown, Catch::Contains("| :heavy_plus_sign: | index `public.hotfix` | unexpected in the database |\n"));
  CHECK_THAT(markdown, Catch::Contains("```diff\n-ALTER TABLE public.users ADD COLUMN email text DEFAULT ''::text;\n"
                                       "+ALTER TABLE public.users ADD COLUMN email text DEFAULT 'none'::text;\n```\n"));
  CHECK_THAT(markdown, Catch::Contains("<details><summary>function <code>public.total(n integer)</code>: differs"));
  CHECK_THAT(emit::render_drift_markdown(no_drift()), Catch::StartsWith("### schemadiff drift: no drift\n"));
}

TEST_CASE("markdown keeps awkward names inside their code span and SQL inside its fence") {
  const std::string markdown = emit::render_drift_markdown(awkward_name());
  // A | would end the table cell; backticks would end the span.
  CHECK_THAT(markdown, Catch::Contains("| table ``public.\"a\\|b`c<&>\"\"'\x01\"`` | missing from the database |"));
  CHECK_THAT(markdown, Catch::Contains("<summary>table <code>public.&quot;a|b`c&lt;&amp;&gt;"));
  CHECK_THAT(markdown, Catch::Contains("````diff\n-CREATE TABLE t (x text DEFAULT '```' || '<&>');\n````\n"));
}

TEST_CASE("drift as junit is well-formed XML with a testcase per object and a failure per drift") {
  const testing::XmlElement suites = testing::parse_xml(emit::render_drift_junit(three_drifts()));
  CHECK(suites.name == "testsuites");
  CHECK(suites.attribute("tests") == "5");
  CHECK(suites.attribute("failures") == "3");
  const auto suite = suites.all("testsuite");
  REQUIRE(suite.size() == 1);
  CHECK(suite[0]->attribute("tests") == "5");
  CHECK(suite[0]->attribute("failures") == "3");
  const auto cases = suites.all("testcase");
  REQUIRE(cases.size() == 5);
  CHECK(cases[0]->attribute("classname") == "drift.table");
  CHECK(cases[0]->attribute("name") == "public.users");
  CHECK(cases[0]->children.empty());
  CHECK(cases[1]->attribute("name") == "public.users.email");
  const auto failures = suites.all("failure");
  REQUIRE(failures.size() == 3);
  CHECK(failures[0]->attribute("type") == "differs");
  CHECK(failures[0]->attribute("message") == "column public.users.email: differs");
  CHECK_THAT(failures[0]->text,
             Catch::Contains("-ALTER TABLE public.users ADD COLUMN email text DEFAULT ''::text;\n"
                             "+ALTER TABLE public.users ADD COLUMN email text DEFAULT 'none'::text;"));
  CHECK(failures[1]->attribute("type") == "unexpected_in_database");

  const testing::XmlElement none = testing::parse_xml(emit::render_drift_junit(no_drift()));
  CHECK(none.attribute("failures") == "0");
  CHECK(none.all("testcase").size() == 1);
}

TEST_CASE("junit escapes names and SQL, and drops control characters XML cannot hold") {
  const std::string xml = emit::render_drift_junit(awkward_name());
  CHECK(xml.find('\x01') == std::string::npos);
  const testing::XmlElement suites = testing::parse_xml(xml);
  const auto cases = suites.all("testcase");
  REQUIRE(cases.size() == 1);
  CHECK(cases[0]->attribute("name") == "public.\"a|b`c<&>\"\"'?\"");
  CHECK_THAT(suites.all("failure")[0]->text, Catch::Contains("-CREATE TABLE t (x text DEFAULT '```' || '<&>');"));
  CHECK(suites.all("property")[0]->attribute("value") == "schema <&> \"dir\"");
}

TEST_CASE("the XML reader refuses what is not well-formed") {
  for (const std::string bad :
       {"<a>", "<a></b>", "<a>&</a>", "<a>&nbsp;</a>", "<a x=\"<\"/>", "<a/><b/>", "<a>\x01</a>", "<a x='1' x='2'/>"}) {
    INFO(bad);
    CHECK_THROWS(testing::parse_xml(bad));
  }
}

TEST_CASE("an object's SQL is what inspect writes for it") {
  model::Catalog catalog;
  model::Table users;
  users.name = {"public", "users"};
  model::Column email;
  email.name = "email";
  email.type = "text";
  email.default_value = "''::text";
  email.not_null = true;
  email.comment = "where we write";
  users.columns = {email};
  model::Constraint key;
  key.name = "users_pkey";
  key.kind = model::ConstraintKind::PrimaryKey;
  key.definition = "PRIMARY KEY (email)";
  key.columns = {"email"};
  users.constraints = {key};
  catalog.tables[users.name] = users;
  model::Index key_index;
  key_index.name = {"public", "users_pkey"};
  key_index.table = users.name;
  key_index.definition = "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (email)";
  key_index.constraint = "users_pkey";
  catalog.indexes[key_index.name] = key_index;

  CHECK(emit::object_sql(catalog, ObjectRef{ObjectKind::Column, "public", "users", "email"}) ==
        "ALTER TABLE public.users ADD COLUMN email text DEFAULT ''::text NOT NULL;\n\n"
        "-- comment on column public.users.email\n"
        "COMMENT ON COLUMN public.users.email IS 'where we write';\n");
  CHECK(emit::object_sql(catalog, ObjectRef{ObjectKind::Constraint, "public", "users", "users_pkey"}) ==
        "ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (email);\n");
  // A constraint's index, which inspect writes through its constraint.
  CHECK(emit::object_sql(catalog, ObjectRef{ObjectKind::Index, "public", "users_pkey", ""}) ==
        "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (email);\n");
  CHECK_THAT(emit::object_sql(catalog, ObjectRef{ObjectKind::Table, "public", "users", ""}),
             Catch::StartsWith("CREATE TABLE public.users ("));
  CHECK(emit::object_sql(catalog, ObjectRef{ObjectKind::Table, "public", "orders", ""}).empty());
}
