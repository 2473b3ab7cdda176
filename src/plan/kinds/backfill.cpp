#include "backfill.hpp"

#include "step_helpers.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/pg/quote.hpp"

#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

const model::Constraint *primary_key(const model::Table &table) {
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind == model::ConstraintKind::PrimaryKey) return &constraint;
  }
  return nullptr;
}

// Keyset batches: the next rows after the last key seen, still unfilled.
std::string keyset_block(const std::string &table, const std::string &column, const std::string &value,
                         const std::string &key, std::int64_t batch_rows) {
  return fmt::format(R"(DO $backfill$
DECLARE
  last_key {table}.{key}%TYPE;
  batch_count bigint;
  filled bigint := 0;
BEGIN
  LOOP
    WITH batch AS (
      SELECT {key} FROM {table}
      WHERE {column} IS NULL AND (last_key IS NULL OR {key} > last_key)
      ORDER BY {key} LIMIT {rows}
    ), updated AS (
      UPDATE {table} SET {column} = {value} FROM batch WHERE {table}.{key} = batch.{key} RETURNING {table}.{key}
    )
    SELECT count(*), max({key}) INTO batch_count, last_key FROM updated;
    EXIT WHEN batch_count = 0;
    filled := filled + batch_count;
    COMMIT;
    RAISE NOTICE 'backfill {table}.{column}: % rows', filled;
  END LOOP;
END
$backfill$)",
                     fmt::arg("table", table), fmt::arg("column", column), fmt::arg("value", value),
                     fmt::arg("key", key), fmt::arg("rows", batch_rows));
}

// Without a single-column key: batches of still-unfilled rows by ctid.
// Each batch looks for unfilled rows from the start, so it is slower on
// large tables; the hazard says so.
std::string unfilled_block(const std::string &table, const std::string &column, const std::string &value,
                           std::int64_t batch_rows) {
  return fmt::format(R"(DO $backfill$
DECLARE
  batch_count bigint;
  filled bigint := 0;
BEGIN
  LOOP
    UPDATE {table} SET {column} = {value}
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE {column} IS NULL LIMIT {rows}));
    GET DIAGNOSTICS batch_count = ROW_COUNT;
    EXIT WHEN batch_count = 0;
    filled := filled + batch_count;
    COMMIT;
    RAISE NOTICE 'backfill {table}.{column}: % rows', filled;
  END LOOP;
END
$backfill$)",
                     fmt::arg("table", table), fmt::arg("column", column), fmt::arg("value", value),
                     fmt::arg("rows", batch_rows));
}

} // namespace

bool is_volatile_default(const std::string &expression) {
  static constexpr std::array volatile_calls = {"nextval(", "random(", "clock_timestamp(", "gen_random_uuid(",
                                                "uuid_generate_", "timeofday(", "txid_current("};
  for (const char *call : volatile_calls) {
    if (expression.find(call) != std::string::npos) return true;
  }
  return false;
}

std::optional<std::string> backfill_value(const BuildContext &context, const model::Table &table,
                                          const model::Column &column) {
  const std::string key = fmt::format("{}.{}.{}", table.name.schema, table.name.name, column.name);
  if (const auto configured = context.options.backfill.find(key); configured != context.options.backfill.end()) {
    return configured->second;
  }
  if (column.default_value && is_volatile_default(*column.default_value)) return column.default_value;
  return std::nullopt;
}

bool has_rows(const BuildContext &context, const model::QualifiedName &table) {
  if (context.options.table_has_rows) return context.options.table_has_rows(table);
  const auto stats = context.current.statistics.find(table);
  return stats == context.current.statistics.end() || stats->second.estimated_rows != 0;
}

Step backfill_step(const BuildContext &context, const model::Table &table, const model::Column &column,
                   const std::string &value, const model::ObjectRef &object) {
  const model::Constraint *key = primary_key(table);
  const std::string name = ddl::qualified(table.name);
  const std::string quoted = pg::quote_ident(column.name);
  Step step = table_step(context, Phase::Backfill, "backfill " + display(object), table.name, Lock::RowExclusive);
  step.transactional = false;
  step.needs = {object};
  if (key != nullptr && key->columns.size() == 1) {
    step.up = {keyset_block(name, quoted, value, pg::quote_ident(key->columns.front()), context.options.backfill_batch_rows)};
  } else {
    step.up = {unfilled_block(name, quoted, value, context.options.backfill_batch_rows)};
    step.hazards.push_back({HazardKind::FullScan, "no single-column primary key to walk: each batch searches the table "
                                                  "for unfilled rows"});
  }
  // The down of the add step drops the column, values and all.
  return step;
}

} // namespace schemadiff::plan::kinds
