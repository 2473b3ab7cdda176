#pragma once
// From two catalogs to an ordered plan: the differ says what changes, one
// step builder per object kind says how, and the dependency graph says in
// which order.

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/step.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace schemadiff::plan {

struct PlanOptions {
  // Short: while a step waits for a lock that blocks writes, every writer
  // queues behind it, so one failed attempt must be a blip for the
  // application (a retry follows, each attempt its own transaction).
  std::string lock_timeout = "1s";
  // How long a step whose lock blocks reads or writes may run. Steps that
  // block neither get no limits at all (plan/step.hpp, Limits).
  std::string statement_timeout = "0";
  std::int64_t backfill_batch_rows = 5000;
  // "schema.table.column" -> SQL expression for rows that predate a NOT NULL column.
  std::map<std::string, std::string> backfill;
  // [renames]: "schema.relation" or "schema.table.column" (the old name) ->
  // the new name. Renamed in place, first, instead of dropped and added.
  std::map<std::string, std::string> renames;
  // Whether a table has any row right now (a cheap EXISTS on the live
  // database). Unset: the table's statistics decide, and a table never
  // analyzed counts as having rows.
  std::function<bool(const model::QualifiedName &)> table_has_rows;
  // How many rows of a table a predicate (SQL over its quoted columns) is
  // true for, counted on the live database: the rows a narrowing type
  // change would cut, round or fail on. Unset (no live database, e.g. an
  // embedded replay), or nullopt: the plan says they could not be counted.
  std::function<std::optional<std::int64_t>(const model::QualifiedName &table, const std::string &predicate_sql)>
      count_rows;
};

Plan build_plan(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options = {});

} // namespace schemadiff::plan
