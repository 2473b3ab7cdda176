#pragma once
// From two catalogs to an ordered plan: the differ says what changes, one
// step builder per object kind says how, and the dependency graph says in
// which order.

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/step.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace schemadiff::plan {

struct PlanOptions {
  std::string lock_timeout = "5s";
  std::string statement_timeout = "0";
  std::int64_t backfill_batch_rows = 5000;
  // "schema.table.column" -> SQL expression for rows that predate a NOT NULL column.
  std::map<std::string, std::string> backfill;
};

Plan build_plan(const model::Catalog &current, const model::Catalog &desired, const PlanOptions &options = {});

} // namespace schemadiff::plan
