#include "schemadiff/emit/plan_render.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace schemadiff;

namespace {

plan::Plan two_steps() {
  plan::Step add;
  add.phase = plan::Phase::Expand;
  add.summary = "add column public.users.email";
  add.up = {"SET lock_timeout = '5s'", "ALTER TABLE public.users ADD COLUMN email text"};
  add.down = {"ALTER TABLE public.users DROP COLUMN email"};
  add.lock = plan::Lock::AccessExclusive;
  add.locked_relation = model::QualifiedName{"public", "users"};
  plan::Step drop;
  drop.phase = plan::Phase::Contract;
  drop.summary = "drop table public.old";
  drop.up = {"DROP TABLE public.old"};
  drop.down = {"CREATE TABLE public.old ()"};
  drop.hazards = {{plan::HazardKind::DataLoss, "public.old holds ~10 rows"}};
  return {add, drop};
}

} // namespace

TEST_CASE("the sql format is runnable statements with phases, locks and hazards as comments") {
  const std::string sql = emit::render_plan_sql(two_steps());
  CHECK(sql == "-- ===== phase: expand =====\n\n"
               "-- step 1: add column public.users.email\n"
               "-- lock: ACCESS EXCLUSIVE on public.users\n"
               "SET lock_timeout = '5s';\n"
               "ALTER TABLE public.users ADD COLUMN email text;\n\n"
               "-- ===== phase: contract =====\n\n"
               "-- step 2: drop table public.old\n"
               "-- hazard data_loss: public.old holds ~10 rows\n"
               "DROP TABLE public.old;\n");
}

TEST_CASE("the down is every step's down, last step first") {
  const std::string sql = emit::render_plan_sql(two_steps(), emit::PlanDirection::Down);
  const auto create = sql.find("CREATE TABLE public.old ();");
  const auto drop_column = sql.find("ALTER TABLE public.users DROP COLUMN email;");
  REQUIRE(create != std::string::npos);
  REQUIRE(drop_column != std::string::npos);
  CHECK(create < drop_column);
  CHECK(sql.find("ADD COLUMN") == std::string::npos);
}

TEST_CASE("no changes is said plainly in every format, with no statement") {
  CHECK(emit::render_plan_sql({}) == "-- schemadiff: no changes\n");
  CHECK_THAT(emit::render_plan_text({}, false), Catch::StartsWith("No changes"));
  CHECK_THAT(emit::render_plan_markdown({}), Catch::Contains("No changes"));
  CHECK(nlohmann::json::parse(emit::render_plan_json({}))["steps"].empty());
}

TEST_CASE("the json format holds every field of every step") {
  const auto json = nlohmann::json::parse(emit::render_plan_json(two_steps()));
  REQUIRE(json["steps"].size() == 2);
  CHECK(json["changes"] == true);
  CHECK(json["steps"][0]["phase"] == "expand");
  CHECK(json["steps"][0]["lock"] == "ACCESS EXCLUSIVE");
  CHECK(json["steps"][0]["locked_relation"]["name"] == "users");
  CHECK(json["steps"][0]["up"][1] == "ALTER TABLE public.users ADD COLUMN email text");
  CHECK(json["steps"][1]["hazards"][0]["kind"] == "data_loss");
  CHECK(json["steps"][1]["transactional"] == true);
}

TEST_CASE("the text format highlights hazards only in colour mode") {
  const std::string plain = emit::render_plan_text(two_steps(), false);
  CHECK_THAT(plain, Catch::Contains("! data_loss: public.old holds ~10 rows") && Catch::Contains("== contract =="));
  CHECK(plain.find('\033') == std::string::npos);
  CHECK(emit::render_plan_text(two_steps(), true).find("\033[31m") != std::string::npos);
}

TEST_CASE("the markdown format shows each step's SQL and its down") {
  const std::string markdown = emit::render_plan_markdown(two_steps());
  CHECK_THAT(markdown, Catch::Contains("#### expand") && Catch::Contains("```sql\nDROP TABLE public.old;\n```") &&
                           Catch::Contains("<summary>down</summary>"));
}

namespace {

// A step about an index whose name holds a line break, the start of a
// Markdown heading, a terminal escape and a code fence.
plan::Plan hostile_step() {
  const std::string name = "public.\"x\n# Approved\n\033[2J```\"";
  plan::Step drop;
  drop.phase = plan::Phase::Expand;
  drop.summary = "drop index " + name;
  drop.up = {"DROP INDEX " + name};
  drop.down = {"CREATE INDEX \"x\n# Approved\n\033[2J```\" ON public.t (a)"};
  drop.lock = plan::Lock::AccessExclusive;
  drop.locked_relation = model::QualifiedName{"public", "t\nGRANT ALL ON t TO PUBLIC; --"};
  drop.hazards = {{plan::HazardKind::DataLoss, "the index " + name + " goes"}};
  return {drop};
}

} // namespace

TEST_CASE("the sql format keeps every name in a header on its comment line") {
  const std::string sql = emit::render_plan_sql(hostile_step());
  CHECK(sql == "-- ===== phase: expand =====\n\n"
               "-- step 1: drop index public.\"x\\n# Approved\\n\\x1b[2J```\"\n"
               "-- lock: ACCESS EXCLUSIVE on public.\"t\\nGRANT ALL ON t TO PUBLIC; --\"\n"
               "-- hazard data_loss: the index public.\"x\\n# Approved\\n\\x1b[2J```\" goes\n"
               "DROP INDEX public.\"x\n# Approved\n\033[2J```\";\n");
}

TEST_CASE("the text and markdown formats show a summary and a hazard on one line, control characters visible") {
  const std::string text = emit::render_plan_text(hostile_step(), false);
  CHECK_THAT(text, Catch::Contains("1. drop index public.\"x\\n# Approved\\n\\x1b[2J```\"\n") &&
                       Catch::Contains("! data_loss: the index public.\"x\\n# Approved\\n\\x1b[2J```\" goes\n"));
  const std::string markdown = emit::render_plan_markdown(hostile_step());
  CHECK_THAT(markdown, Catch::Contains("**1. drop index public.\"x\\n# Approved\\n\\x1b[2J```\"**") &&
                           Catch::Contains("> :warning: **data_loss**: the index public.\"x\\n# Approved"));
}

TEST_CASE("the markdown format fences SQL holding backticks with a longer fence") {
  const std::string markdown = emit::render_plan_markdown(hostile_step());
  CHECK_THAT(markdown, Catch::Contains("\n````sql\nDROP INDEX public.\"x\n# Approved\n\033[2J```\";\n````\n") &&
                           Catch::Contains("````sql\nCREATE INDEX"));
}
