#include "backfill.hpp"

#include "step_helpers.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/pg/quote.hpp"

#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

// What a backfill walks: a single-column key that is unique and NOT NULL
// (the primary key, else a unique constraint or index), or, without one,
// the table's pages by ctid.
struct Walk {
  std::optional<std::string> key; // the key column; nullopt: ctid ranges
  std::string said;               // for the summary, unless it is the primary key
};

const model::Constraint *primary_key(const model::Table &table) {
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind == model::ConstraintKind::PrimaryKey) return &constraint;
  }
  return nullptr;
}

// NOT NULL before and after the plan: no row escapes a walk on it.
bool stays_not_null(const model::Table &current, const model::Table &desired, const std::string &name) {
  const model::Column *before = current.column(name);
  const model::Column *after = desired.column(name);
  return before != nullptr && after != nullptr && before->not_null && after->not_null;
}

// A unique btree index on one NOT NULL column, kept by the plan: batches
// walk it as they would a primary key. An index the plan drops or changes
// may be gone, or not yet valid, when the backfill runs.
std::optional<Walk> unique_key(const BuildContext &context, const model::Table &current, const model::Table &desired,
                               const std::string &column) {
  for (const auto &[name, index] : context.current.indexes) {
    if (index.table != current.name || !index.unique || !index.valid || index.predicate || index.keys.size() != 1)
      continue;
    const auto kept = context.desired.indexes.find(name);
    if (kept == context.desired.indexes.end() || !(kept->second == index)) continue;
    for (const model::Column &key : current.columns) {
      if (key.name == column || pg::quote_ident(key.name) != index.keys.front().expression) continue;
      if (!stays_not_null(current, desired, key.name)) continue;
      return Walk{key.name,
                  fmt::format("the unique {} {} ({})", index.constraint ? "key" : "index",
                              pg::quote_ident(index.constraint.value_or(name.name)), pg::quote_ident(key.name))};
    }
  }
  return std::nullopt;
}

Walk walk_for(const BuildContext &context, const model::Table &desired, const std::string &column) {
  const model::Constraint *key = primary_key(desired);
  if (key != nullptr && key->columns.size() == 1 && key->columns.front() != column) {
    return Walk{key->columns.front(), ""};
  }
  if (const auto current = context.current.tables.find(desired.name); current != context.current.tables.end()) {
    if (std::optional<Walk> unique = unique_key(context, current->second, desired, column)) return *unique;
  }
  return Walk{std::nullopt, "ctid ranges"};
}

// Where a backfill records how far it got, so that a rerun — after it
// failed half-way, or after it finished — resumes from there instead of
// walking the whole key range again. Each batch records its progress in its
// own transaction. The entry is named by the column's table oid and
// attribute number as well as its name: a column dropped and added again
// (a down, then an up) is a new attribute, and starts afresh.
std::string progress_setup(const std::string &regclass, const std::string &column_literal) {
  return fmt::format(R"(  CREATE SCHEMA IF NOT EXISTS schemadiff;
  CREATE TABLE IF NOT EXISTS schemadiff.backfill_progress (
    backfill text PRIMARY KEY, position text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
  SELECT format('%s.%s@%s/%s', {regclass}, {column}, a.attrelid::oid, a.attnum) INTO schemadiff_progress
    FROM pg_attribute a WHERE a.attrelid = {regclass}::regclass AND a.attname = {column};
  SELECT position INTO schemadiff_position FROM schemadiff.backfill_progress WHERE backfill = schemadiff_progress;
)",
                     fmt::arg("regclass", regclass), fmt::arg("column", column_literal));
}

constexpr const char *record_progress =
    R"(    INSERT INTO schemadiff.backfill_progress AS p (backfill, position) VALUES (schemadiff_progress, schemadiff_position)
      ON CONFLICT (backfill) DO UPDATE SET position = excluded.position, updated_at = now();
)";

// The largest batch pacing may grow to: a batch holds its rows' locks
// until it commits.
constexpr std::int64_t most_batch_rows = 100000;
constexpr std::int64_t most_batch_pages = 1000;

// How batches are paced, the same for every walk. A runner may set these
// for its session (apply does, from [apply] and --max-replica-lag); without
// them a batch aims at 200 ms, with no pause and no replica check:
//   schemadiff.batch_target_ms      the duration a batch aims at: the next
//                                   batch's size follows the last one's
//                                   rate, at most doubled or halved at once
//   schemadiff.batch_pause_ms       a pause after each batch
//   schemadiff.max_replica_lag_ms   wait while a streaming replica replays
//                                   further behind than this
constexpr const char *pacing_declarations = R"(  schemadiff_target_ms numeric := coalesce(nullif(current_setting('schemadiff.batch_target_ms', true), '')::numeric, 200);
  schemadiff_pause_ms numeric := coalesce(nullif(current_setting('schemadiff.batch_pause_ms', true), '')::numeric, 0);
  schemadiff_max_lag_ms numeric := nullif(current_setting('schemadiff.max_replica_lag_ms', true), '')::numeric;
  schemadiff_lag_ms numeric;
  schemadiff_started timestamptz;
  schemadiff_began timestamptz := clock_timestamp();
  schemadiff_elapsed_ms numeric;
  schemadiff_total numeric;
)";

// Before a batch: wait while a replica lags too far (no lock is held: the
// last batch committed).
constexpr const char *replica_wait = R"(    IF schemadiff_max_lag_ms IS NOT NULL THEN
      LOOP
        SELECT coalesce(max(extract(epoch FROM replay_lag) * 1000), 0) INTO schemadiff_lag_ms FROM pg_stat_replication;
        EXIT WHEN schemadiff_lag_ms <= schemadiff_max_lag_ms;
        RAISE NOTICE '%: paused: a replica replays % ms behind (more than % ms)', {progress}, round(schemadiff_lag_ms), schemadiff_max_lag_ms;
        PERFORM pg_sleep(1);
      END LOOP;
    END IF;
    schemadiff_started := clock_timestamp();
)";

// After a batch committed: the next batch's size (of `size`, rows or
// pages) from this one's duration, the progress line, and the pause.
constexpr const char *after_batch = R"(    schemadiff_elapsed_ms := greatest(extract(epoch FROM clock_timestamp() - schemadiff_started) * 1000, 1);
    {size} := least(greatest(round({size} * schemadiff_target_ms / schemadiff_elapsed_ms), greatest({size} / 2, 1)), {size} * 2, {most});
    RAISE NOTICE '%: % of ~% rows, % rows/s, next batch % {unit}', {progress}, schemadiff_filled, round(greatest(schemadiff_total, schemadiff_filled)),
      round(schemadiff_filled / greatest(extract(epoch FROM clock_timestamp() - schemadiff_began), 0.001)), {size};
    IF schemadiff_pause_ms > 0 THEN
      PERFORM pg_sleep(schemadiff_pause_ms / 1000.0);
    END IF;
)";

std::string replica_wait_for(const std::string &progress) {
  return fmt::format(fmt::runtime(replica_wait), fmt::arg("progress", progress));
}

std::string after_batch_for(const std::string &progress, const std::string &size, const std::string &unit,
                            std::int64_t most) {
  return fmt::format(fmt::runtime(after_batch), fmt::arg("progress", progress), fmt::arg("size", size),
                     fmt::arg("unit", unit), fmt::arg("most", most));
}

// The rows still to fill, as the statistics estimate them, for the progress line.
std::string estimated_total(const std::string &regclass) {
  return fmt::format("  SELECT greatest(reltuples, 0) INTO schemadiff_total FROM pg_class WHERE oid = {}::regclass;\n",
                     regclass);
}

// Keyset batches: the next rows after the last key seen, still unfilled.
// The value may name any column of the row, the key too: the UPDATE reads
// no other relation for a name to be ambiguous with. The variables have
// names no column is likely to have (PL/pgSQL refuses an ambiguous name),
// and the last key is found by ORDER BY, which every key type has, unlike
// max() (none for uuid before PostgreSQL 16). The recorded position is the
// last key as text, read back through the key type's input function.
// `= ANY (ARRAY(...))` rather than `IN (SELECT ...)`: the planner may turn
// the latter into a hash join over a scan of the whole table, every batch;
// an array of keys is an index scan on the key. The first batch, with no
// last key, has a query of its own: `last IS NULL OR key > last` is no
// index condition, and a generic plan would walk the key from its start in
// every batch.
std::string keyset_block(const std::string &table, const std::string &column, const std::string &value,
                         const std::string &key, const std::string &key_type, std::int64_t batch_rows,
                         const std::string &progress, const std::string &regclass, const std::string &column_literal) {
  return fmt::format(R"(DO $backfill$
DECLARE
  schemadiff_last_key {table}.{key}%TYPE;
  schemadiff_keys {key_type}[];
  schemadiff_batch bigint;
  schemadiff_filled bigint := 0;
  schemadiff_progress text;
  schemadiff_position text;
  schemadiff_rows bigint := {rows};
{pacing}BEGIN
{setup}{total}  schemadiff_last_key := schemadiff_position;
  IF schemadiff_position IS NOT NULL THEN
    RAISE NOTICE '%: resuming after key %', {progress}, schemadiff_position;
  END IF;
  LOOP
{replica_wait}    IF schemadiff_last_key IS NULL THEN
      schemadiff_keys := ARRAY(SELECT {key} FROM {table} WHERE {column} IS NULL ORDER BY {key} LIMIT schemadiff_rows);
    ELSE
      schemadiff_keys := ARRAY(SELECT {key} FROM {table} WHERE {column} IS NULL AND {key} > schemadiff_last_key
                               ORDER BY {key} LIMIT schemadiff_rows);
    END IF;
    EXIT WHEN cardinality(schemadiff_keys) = 0;
    UPDATE {table} SET {column} = {value} WHERE {key} = ANY (schemadiff_keys) AND {column} IS NULL;
    GET DIAGNOSTICS schemadiff_batch = ROW_COUNT;
    schemadiff_last_key := schemadiff_keys[cardinality(schemadiff_keys)];
    schemadiff_filled := schemadiff_filled + schemadiff_batch;
    schemadiff_position := schemadiff_last_key;
{record}    COMMIT;
{after_batch}  END LOOP;
END
$backfill$)",
                     fmt::arg("table", table), fmt::arg("column", column), fmt::arg("value", value),
                     fmt::arg("key", key), fmt::arg("key_type", key_type), fmt::arg("rows", batch_rows),
                     fmt::arg("progress", progress), fmt::arg("setup", progress_setup(regclass, column_literal)),
                     fmt::arg("record", record_progress), fmt::arg("pacing", pacing_declarations),
                     fmt::arg("total", estimated_total(regclass)), fmt::arg("replica_wait", replica_wait_for(progress)),
                     fmt::arg("after_batch", after_batch_for(progress, "schemadiff_rows", "rows", most_batch_rows)));
}

// Without a key: the table's pages in ranges of about `batch_rows` rows (by
// the statistics; 100 rows a page when there are none), up to its size at
// each batch so that rows added meanwhile are reached too. Updated rows'
// new versions are filled, so `column IS NULL` skips them wherever they
// land, and a rerun skips what is done. PostgreSQL >= 14 reads only the
// range (TID Range Scan); before, every batch reads the whole table.
// A partitioned table is sized by its largest partition, found with
// pg_partition_tree (PostgreSQL >= 12, no rows for a plain table): the
// ranges apply to each partition. The recorded position is the first page
// not yet done.
std::string ctid_range_block(const std::string &table, const std::string &column, const std::string &value,
                             std::int64_t batch_rows, const std::string &progress, const std::string &regclass,
                             const std::string &column_literal) {
  return fmt::format(R"(DO $backfill$
DECLARE
  schemadiff_leaves regclass[] := ARRAY(SELECT relid FROM pg_partition_tree({regclass}::regclass) WHERE isleaf);
  schemadiff_batch_pages bigint;
  schemadiff_first_page bigint := 0;
  schemadiff_batch bigint;
  schemadiff_filled bigint := 0;
  schemadiff_progress text;
  schemadiff_position text;
{pacing}BEGIN
{setup}{total}  schemadiff_first_page := coalesce(schemadiff_position::bigint, 0);
  IF cardinality(schemadiff_leaves) = 0 THEN
    schemadiff_leaves := ARRAY[{regclass}::regclass];
  END IF;
  SELECT greatest(1, ceil({rows} / CASE WHEN sum(relpages) > 0 AND sum(greatest(reltuples, 0)) > 0
                                        THEN sum(greatest(reltuples, 0)) / sum(relpages) ELSE 100 END))
    INTO schemadiff_batch_pages FROM pg_class WHERE oid = ANY (schemadiff_leaves);
  WHILE schemadiff_first_page < (SELECT max(pg_relation_size(leaf)) FROM unnest(schemadiff_leaves) leaf)
                                / current_setting('block_size')::bigint LOOP
{replica_wait}    UPDATE {table} SET {column} = {value}
    WHERE ctid >= format('(%s,0)', schemadiff_first_page)::tid
      AND ctid < format('(%s,0)', schemadiff_first_page + schemadiff_batch_pages)::tid
      AND {column} IS NULL;
    GET DIAGNOSTICS schemadiff_batch = ROW_COUNT;
    schemadiff_filled := schemadiff_filled + schemadiff_batch;
    schemadiff_first_page := schemadiff_first_page + schemadiff_batch_pages;
    schemadiff_position := schemadiff_first_page;
{record}    COMMIT;
{after_batch}  END LOOP;
END
$backfill$)",
                     fmt::arg("table", table), fmt::arg("column", column), fmt::arg("value", value),
                     fmt::arg("rows", batch_rows), fmt::arg("progress", progress), fmt::arg("regclass", regclass),
                     fmt::arg("setup", progress_setup(regclass, column_literal)), fmt::arg("record", record_progress),
                     fmt::arg("pacing", pacing_declarations), fmt::arg("total", estimated_total(regclass)),
                     fmt::arg("replica_wait", replica_wait_for(progress)),
                     fmt::arg("after_batch", after_batch_for(progress, "schemadiff_batch_pages", "pages", most_batch_pages)));
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
  const std::string name = ddl::qualified(table.name);
  const std::string quoted = pg::quote_ident(column.name);
  const std::string progress = pg::quote_literal("backfill " + display(object));
  const std::int64_t batch_rows = context.options.backfill_batch_rows;
  Step step = table_step(context, Phase::Backfill, "backfill " + display(object), table.name, Lock::RowExclusive);
  step.transactional = false;
  step.needs = {object};
  const Walk walk = walk_for(context, table, column.name);
  if (walk.key) {
    // The key column is in the table the walk was chosen from.
    const std::string key_type = table.column(*walk.key)->type;
    step.up = {keyset_block(name, quoted, value, pg::quote_ident(*walk.key), key_type, batch_rows, progress,
                            pg::quote_literal(name), pg::quote_literal(column.name))};
    // The primary key is the expected walk; any other is said.
    if (!walk.said.empty()) step.summary += " by " + walk.said;
  } else {
    step.up = {ctid_range_block(name, quoted, value, batch_rows, progress, pg::quote_literal(name),
                                pg::quote_literal(column.name))};
    step.summary += " by " + walk.said;
    const bool range_scan = context.current.server_version_num >= 140000;
    step.hazards.push_back(
        {HazardKind::FullScan,
         fmt::format("no single-column primary key or unique NOT NULL key to walk: batches walk ctid ranges of the "
                     "table's pages, one transaction each{}",
                     range_scan ? ""
                                : "; before PostgreSQL 14 (no TID Range Scan) every batch reads the whole table")});
  }
  // The down of the add step drops the column, values and all.
  return step;
}

} // namespace schemadiff::plan::kinds
