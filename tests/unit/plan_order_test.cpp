#include "schemadiff/error.hpp"
#include "schemadiff/plan/order.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using model::ObjectKind;
using model::ObjectRef;
using plan::Step;

namespace {

ObjectRef table(const std::string &name) { return {ObjectKind::Table, "public", name, ""}; }
ObjectRef column(const std::string &table_name, const std::string &name) {
  return {ObjectKind::Column, "public", table_name, name};
}
ObjectRef view(const std::string &name) { return {ObjectKind::View, "public", name, ""}; }

Step creating(const std::string &summary, std::vector<ObjectRef> objects) {
  Step step;
  step.summary = summary;
  step.creates = std::move(objects);
  return step;
}

Step dropping(const std::string &summary, std::vector<ObjectRef> objects) {
  Step step;
  step.summary = summary;
  step.drops = std::move(objects);
  return step;
}

std::vector<std::string> summaries(const plan::Plan &steps) {
  std::vector<std::string> result;
  for (const Step &step : steps) result.push_back(step.summary);
  return result;
}

} // namespace

TEST_CASE("a create runs after the creates of what it needs in the desired catalog") {
  model::Catalog desired;
  desired.dependencies[view("v")] = {column("t", "id")};
  const auto ordered = plan::order_steps(
      {creating("create view v", {view("v")}), creating("create table t", {table("t"), column("t", "id")})}, {}, desired);
  CHECK(summaries(ordered) == std::vector<std::string>{"create table t", "create view v"});
}

TEST_CASE("a column's need is met by the step that creates its table") {
  model::Catalog desired;
  desired.dependencies[view("v")] = {column("t", "id")};
  const auto ordered =
      plan::order_steps({creating("create view v", {view("v")}), creating("create table t", {table("t")})}, {}, desired);
  CHECK(summaries(ordered) == std::vector<std::string>{"create table t", "create view v"});
}

TEST_CASE("a drop runs after the drops of what needs it in the current catalog") {
  model::Catalog current;
  current.dependencies[view("v")] = {column("t", "id")};
  const auto ordered =
      plan::order_steps({dropping("drop table t", {table("t")}), dropping("drop view v", {view("v")})}, current, {});
  CHECK(summaries(ordered) == std::vector<std::string>{"drop view v", "drop table t"});
}

TEST_CASE("an object dropped and created again is dropped first") {
  const auto ordered =
      plan::order_steps({creating("create view v", {view("v")}), dropping("drop view v", {view("v")})}, {}, {});
  CHECK(summaries(ordered) == std::vector<std::string>{"drop view v", "create view v"});
}

TEST_CASE("objects wait for their schema") {
  const ObjectRef schema{ObjectKind::Schema, "app", "", ""};
  const auto ordered = plan::order_steps({creating("create table app.t", {{ObjectKind::Table, "app", "t", ""}}),
                                          creating("create schema app", {schema})},
                                         {}, {});
  CHECK(summaries(ordered) == std::vector<std::string>{"create schema app", "create table app.t"});
}

TEST_CASE("a column type change runs between dropping and re-creating the views that read it") {
  model::Catalog both;
  both.dependencies[view("v")] = {column("t", "amount")};
  Step alter = creating("alter column t.amount", {column("t", "amount")});
  alter.drops = {column("t", "amount")};
  const auto ordered = plan::order_steps(
      {alter, creating("create view v", {view("v")}), dropping("drop view v", {view("v")})}, both, both);
  CHECK(summaries(ordered) == std::vector<std::string>{"drop view v", "alter column t.amount", "create view v"});
}

TEST_CASE("independent steps keep their given order") {
  const auto ordered = plan::order_steps(
      {creating("create table b", {table("b")}), creating("create table a", {table("a")})}, {}, {});
  CHECK(summaries(ordered) == std::vector<std::string>{"create table b", "create table a"});
}

TEST_CASE("a cycle among steps is an error naming them") {
  model::Catalog desired;
  desired.dependencies[view("a")] = {view("b")};
  desired.dependencies[view("b")] = {view("a")};
  try {
    plan::order_steps({creating("create view a", {view("a")}), creating("create view b", {view("b")})}, {}, desired);
    FAIL("expected a cycle");
  } catch (const Error &error) {
    CHECK_THAT(error.what(), Catch::Contains("cycle") && Catch::Contains("create view a") &&
                                 Catch::Contains("create view b"));
  }
}

TEST_CASE("expand steps come before contract steps where dependencies allow") {
  Step drop = dropping("drop table old", {table("old")});
  drop.phase = plan::Phase::Contract;
  const auto ordered = plan::order_steps({drop, creating("create table new", {table("new")})}, {}, {});
  CHECK(summaries(ordered) == std::vector<std::string>{"create table new", "drop table old"});
}

TEST_CASE("a step's own needs order it after their creators") {
  Step owned_by = creating("sequence s owned by t.id", {});
  owned_by.needs = {column("t", "id")};
  const auto ordered = plan::order_steps({owned_by, creating("create table t", {table("t")})}, {}, {});
  CHECK(summaries(ordered) == std::vector<std::string>{"create table t", "sequence s owned by t.id"});
}
