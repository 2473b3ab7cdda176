#pragma once
// Filling a new column on a table with rows, without one long UPDATE that
// locks every row until it commits: keyset batches on the primary key, one
// transaction per batch, resumable (a rerun skips rows already filled), with
// progress (hazards.md, "Data changes").

#include "../kind_builder.hpp"

#include <optional>
#include <string>

namespace schemadiff::plan::kinds {

// The value rows that predate the column get: [backfill] "schema.table.column"
// in schemadiff.toml, or a volatile default's own expression.
std::optional<std::string> backfill_value(const BuildContext &context, const model::Table &table,
                                          const model::Column &column);

// A default that gives each row its own value (nextval, random(),
// clock_timestamp(), gen_random_uuid(), ...): adding the column with it
// would rewrite the table.
bool is_volatile_default(const std::string &expression);

// The backfill step: a DO block that updates `batch_rows` rows at a time and
// commits after each batch (so it runs outside a transaction block).
Step backfill_step(const BuildContext &context, const model::Table &table, const model::Column &column,
                   const std::string &value, const model::ObjectRef &object);

// Whether the table has rows, as PlanOptions::table_has_rows or its
// statistics say.
bool has_rows(const BuildContext &context, const model::QualifiedName &table);

} // namespace schemadiff::plan::kinds
