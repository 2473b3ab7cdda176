#include "column_backup.hpp"

#include "backup.hpp"
#include "step_helpers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/tables.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

// schemadiff's own objects live in a schema that introspection leaves out:
// the capture trigger is machinery of the migration, not the user's schema.
constexpr const char *machinery_schema = "schemadiff";

const model::Constraint *primary_key_of(const model::Table &table) {
  for (const model::Constraint &constraint : table.constraints) {
    if (constraint.kind == model::ConstraintKind::PrimaryKey) return &constraint;
  }
  return nullptr;
}

// Everything one backup names, quoted.
struct Names {
  std::string table;              // qualified
  std::string regclass;           // the table's qualified name as a literal
  std::string column;             // quoted
  std::string column_literal;     // the column's name as a literal
  std::string type_literal;       // its type, as introspection printed it, as a literal
  std::vector<std::string> keys;  // the primary key's columns, quoted, in key order
  std::vector<std::string> lasts; // a variable per key column: the last key of a batch
  std::string backup;             // schemadiff_backup."schema.table.column"
  std::string function;           // schemadiff."backup schema.table.column"
  std::string trigger;            // unqualified
  std::string trigger_literal;
};

Names names_of(const model::Table &table, const model::Column &column, const model::Constraint &key) {
  Names names;
  names.table = ddl::qualified(table.name);
  names.regclass = pg::quote_literal(names.table);
  names.column = pg::quote_ident(column.name);
  names.column_literal = pg::quote_literal(column.name);
  names.type_literal = pg::quote_literal(column.type);
  for (const std::string &name : key.columns) {
    names.keys.push_back(pg::quote_ident(name));
    names.lasts.push_back(fmt::format("schemadiff_last_{}", names.lasts.size() + 1));
  }
  names.backup =
      pg::quote_qualified(backup_schema, backup_table_name({table.name.schema, table.name.name, column.name}));
  names.function = pg::quote_qualified(
      machinery_schema, backup_table_name({"backup " + table.name.schema, table.name.name, column.name}));
  const std::string trigger = backup_table_name({"schemadiff_backup_" + column.name});
  names.trigger = pg::quote_ident(trigger);
  names.trigger_literal = pg::quote_literal(trigger);
  return names;
}

// A body in dollar quotes whose tag it does not hold: no name in it can end
// them early.
std::string dollar_quoted(const std::string &tag_name, const std::string &body) {
  std::string tag = "$" + tag_name + "$";
  for (int n = 1; body.find(tag) != std::string::npos; ++n) tag = fmt::format("${}_{}$", tag_name, n);
  return tag + "\n" + body + tag;
}

std::string listed(const std::vector<std::string> &items, const std::string &format) {
  std::vector<std::string> formatted;
  for (const std::string &item : items) formatted.push_back(fmt::format(fmt::runtime(format), item));
  return fmt::format("{}", fmt::join(formatted, ", "));
}

// The variables of a keyset walk, typed like the key columns of `relation`.
std::string last_key_declarations(const Names &names, const std::string &relation) {
  std::string declarations;
  for (std::size_t i = 0; i < names.keys.size(); ++i) {
    declarations += fmt::format("  {} {}.{}%TYPE;\n", names.lasts[i], relation, names.keys[i]);
  }
  return declarations;
}

// The next batch of `relation` after the last key seen, in key order; a row
// comparison walks a composite key as its index orders it.
std::string next_batch(const Names &names, const std::string &relation, std::int64_t rows) {
  return fmt::format("SELECT {keys}, {column} FROM {relation}\n"
                     "      WHERE {first} IS NULL OR ({keys}) > ({lasts})\n"
                     "      ORDER BY {keys} LIMIT {rows}",
                     fmt::arg("keys", fmt::join(names.keys, ", ")), fmt::arg("column", names.column),
                     fmt::arg("relation", relation), fmt::arg("first", names.lasts.front()),
                     fmt::arg("lasts", fmt::join(names.lasts, ", ")), fmt::arg("rows", rows));
}

// The largest key of a batch, a column at a time (ORDER BY works for every
// key type, max() does not).
std::string last_key_of(const Names &names, const std::string &batch) {
  const std::string descending = listed(names.keys, "{} DESC");
  std::vector<std::string> parts;
  for (const std::string &key : names.keys) {
    parts.push_back(fmt::format("(SELECT {} FROM {} ORDER BY {} LIMIT 1)", key, batch, descending));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

constexpr const char *guard_declarations = "  schemadiff_path text := pg_catalog.current_setting('search_path');\n"
                                           "  schemadiff_type text;\n";

// Once the change has run, the column is gone or of another type, and the
// backup holds all it will: the capture and the copy then do nothing (a rerun
// out of turn must not feed the backup the changed values). The type is
// printed as introspection printed it, with only pg_catalog on the path.
std::string unchanged_guard(const Names &names, const std::string &progress) {
  return fmt::format(R"(  PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
  SELECT format_type(atttypid, atttypmod) INTO schemadiff_type FROM pg_attribute
    WHERE attrelid = {regclass}::regclass AND attname = {column} AND attnum > 0 AND NOT attisdropped;
  PERFORM pg_catalog.set_config('search_path', schemadiff_path, true);
  IF schemadiff_type IS DISTINCT FROM {type} THEN
    RAISE NOTICE '%: the column is no longer there as %: the change has run, the backup is complete', {progress}, {type};
    RETURN;
  END IF;
)",
                     fmt::arg("regclass", names.regclass), fmt::arg("column", names.column_literal),
                     fmt::arg("type", names.type_literal), fmt::arg("progress", progress));
}

// The backup table and the trigger feeding it. A backup table that no
// capture trigger feeds was left by an earlier change of a column of this
// name ("drop that table once the change is final"): its values are not
// this column's, and it is replaced. The trigger is created only when
// missing, since DROP TRIGGER would take ACCESS EXCLUSIVE; it fires even
// under session_replication_role = replica (ENABLE ALWAYS), so that no write
// escapes it. Its function runs as its owner, who owns the backup: the
// application's roles need no privilege on schemadiff_backup, and may not
// attach it elsewhere (no EXECUTE).
std::string capture_block(const Names &names, const std::string &columns, const std::string &progress) {
  const std::string keys = fmt::format("{}", fmt::join(names.keys, ", "));
  const std::string function_body =
      fmt::format("BEGIN\n"
                  "  INSERT INTO {backup} ({keys}, {column}) VALUES ({values}, NEW.{column})\n"
                  "    ON CONFLICT ({keys}) DO UPDATE SET {column} = excluded.{column};\n"
                  "  RETURN NULL;\n"
                  "END\n",
                  fmt::arg("backup", names.backup), fmt::arg("keys", keys), fmt::arg("column", names.column),
                  fmt::arg("values", listed(names.keys, "NEW.{}")));
  const std::string trigger_missing =
      fmt::format("NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = {}::regclass AND tgname = {})", names.regclass,
                  names.trigger_literal);
  const std::string body = fmt::format(
      R"(DECLARE
{declarations}BEGIN
{guard}  IF {trigger_missing} AND to_regclass({backup_literal}) IS NOT NULL THEN
    RAISE NOTICE '%: replacing %, left by an earlier change', {progress}, {backup_literal};
    DROP TABLE {backup};
  END IF;
  CREATE TABLE IF NOT EXISTS {backup} ({columns}, PRIMARY KEY ({keys}));
  CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS {function_body};
  REVOKE ALL ON FUNCTION {function}() FROM PUBLIC;
  IF {trigger_missing} THEN
    CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}();
    ALTER TABLE {table} ENABLE ALWAYS TRIGGER {trigger};
  END IF;
END
)",
      fmt::arg("declarations", guard_declarations), fmt::arg("guard", unchanged_guard(names, progress)),
      fmt::arg("trigger_missing", trigger_missing), fmt::arg("backup_literal", pg::quote_literal(names.backup)),
      fmt::arg("progress", progress), fmt::arg("backup", names.backup), fmt::arg("columns", columns),
      fmt::arg("keys", keys), fmt::arg("function", names.function),
      fmt::arg("function_body", dollar_quoted("capture_row", function_body)), fmt::arg("trigger", names.trigger),
      fmt::arg("table", names.table));
  return "DO " + dollar_quoted("capture", body);
}

// Keyset batches over the table, each its own transaction. ON CONFLICT DO
// NOTHING: a key in the backup was put there by the trigger, from a write
// newer than the batch's snapshot (column_backup.hpp).
std::string copy_block(const Names &names, std::int64_t rows, const std::string &progress) {
  const std::string body = fmt::format(
      R"(DECLARE
{declarations}{lasts_declared}  schemadiff_batch bigint;
  schemadiff_copied bigint := 0;
BEGIN
{guard}  LOOP
    WITH schemadiff_rows AS (
      {batch}
    ), schemadiff_copy AS (
      INSERT INTO {backup} ({keys}, {column}) SELECT {keys}, {column} FROM schemadiff_rows ON CONFLICT DO NOTHING
    )
    SELECT (SELECT count(*) FROM schemadiff_rows), {last_key} INTO schemadiff_batch, {lasts};
    EXIT WHEN schemadiff_batch = 0;
    schemadiff_copied := schemadiff_copied + schemadiff_batch;
    COMMIT;
    RAISE NOTICE '%: % rows', {progress}, schemadiff_copied;
  END LOOP;
END
)",
      fmt::arg("declarations", guard_declarations),
      fmt::arg("lasts_declared", last_key_declarations(names, names.table)),
      fmt::arg("guard", unchanged_guard(names, progress)), fmt::arg("batch", next_batch(names, names.table, rows)),
      fmt::arg("backup", names.backup), fmt::arg("keys", fmt::join(names.keys, ", ")), fmt::arg("column", names.column),
      fmt::arg("last_key", last_key_of(names, "schemadiff_rows")), fmt::arg("lasts", fmt::join(names.lasts, ", ")),
      fmt::arg("progress", progress));
  return "DO " + dollar_quoted("copy", body);
}

// Keyset batches over the backup, each its own transaction, writing a kept
// value back where `refill` (over schemadiff_row, the table's row, and
// schemadiff_kept, the backup's) holds: never one UPDATE of the whole table,
// which would lock every row until it commits. Safe to run again: a row
// written back no longer matches `refill`; and once the capture's down has
// dropped the backup (the whole down run again), there is nothing to write.
std::string restore_block(const Names &names, std::int64_t rows, const std::string &refill,
                          const std::string &progress) {
  std::vector<std::string> matches;
  for (const std::string &key : names.keys)
    matches.push_back(fmt::format("schemadiff_row.{0} = schemadiff_kept.{0}", key));
  const std::string body = fmt::format(
      R"(DECLARE
{lasts_declared}  schemadiff_batch bigint;
  schemadiff_written bigint;
  schemadiff_read bigint := 0;
  schemadiff_restored bigint := 0;
BEGIN
  IF to_regclass({backup_literal}) IS NULL THEN
    RAISE WARNING '%: no backup table %: no value written back', {progress}, {backup_literal};
    RETURN;
  END IF;
  LOOP
    WITH schemadiff_kept AS (
      {batch}
    ), schemadiff_restore AS (
      UPDATE {table} schemadiff_row SET {column} = schemadiff_kept.{column} FROM schemadiff_kept
      WHERE {matches} AND {refill}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM schemadiff_kept), (SELECT count(*) FROM schemadiff_restore), {last_key}
      INTO schemadiff_batch, schemadiff_written, {lasts};
    EXIT WHEN schemadiff_batch = 0;
    schemadiff_read := schemadiff_read + schemadiff_batch;
    schemadiff_restored := schemadiff_restored + schemadiff_written;
    COMMIT;
    RAISE NOTICE '%: % of % kept values written back', {progress}, schemadiff_restored, schemadiff_read;
  END LOOP;
END
)",
      fmt::arg("lasts_declared", last_key_declarations(names, names.table)),
      fmt::arg("backup_literal", pg::quote_literal(names.backup)),
      fmt::arg("batch", next_batch(names, names.backup, rows)), fmt::arg("table", names.table),
      fmt::arg("column", names.column), fmt::arg("matches", fmt::join(matches, " AND ")), fmt::arg("refill", refill),
      fmt::arg("last_key", last_key_of(names, "schemadiff_kept")), fmt::arg("lasts", fmt::join(names.lasts, ", ")),
      fmt::arg("progress", progress));
  return "DO " + dollar_quoted("restore", body);
}

// The backup's columns: the key's and the value's, with their types and
// collations (the key's collation decides which keys are equal), and
// nothing else of theirs (no default, no identity, no generation).
std::string backup_columns(const model::Table &table, const model::Column &column, const model::Constraint &key) {
  std::vector<std::string> definitions;
  const auto plain = [](const model::Column &of) {
    model::Column kept;
    kept.name = of.name;
    kept.type = of.type;
    kept.collation = of.collation;
    return ddl::column_definition(kept);
  };
  for (const std::string &name : key.columns) definitions.push_back(plain(*table.column(name)));
  definitions.push_back(plain(column));
  return fmt::format("{}", fmt::join(definitions, ", "));
}

// The three steps' parts, given which rows the copy's down writes back into
// and what the capture's down does once they are back.
ColumnBackup backup_steps(const BuildContext &context, Phase phase, const model::Table &table,
                          const model::Column &column, const std::string &refill,
                          const std::vector<std::string> &after_restore) {
  const model::Constraint &key = *primary_key_of(table);
  const Names names = names_of(table, column, key);
  const std::string object = display(diff::member_ref(model::ObjectKind::Column, table.name, column.name));
  const std::int64_t rows = context.options.backfill_batch_rows;
  ColumnBackup backup;
  backup.where = names.backup;
  backup.backup = diff::relation_ref(
      model::ObjectKind::Table, {backup_schema, backup_table_name({table.name.schema, table.name.name, column.name})});
  backup.stop_capture = {fmt::format("DROP TRIGGER IF EXISTS {} ON {}", names.trigger, names.table),
                         fmt::format("DROP FUNCTION IF EXISTS {}()", names.function)};

  // CREATE TRIGGER: SHARE ROW EXCLUSIVE, brief, but it waits for the
  // table's writers and they wait behind it.
  backup.capture = table_step(context, phase, fmt::format("capture writes of {} into {}", object, names.backup),
                              table.name, Lock::ShareRowExclusive);
  backup.capture.up = {
      fmt::format("CREATE SCHEMA IF NOT EXISTS {}", backup_schema),
      fmt::format("CREATE SCHEMA IF NOT EXISTS {}", machinery_schema),
      capture_block(names, backup_columns(table, column, key), pg::quote_literal("capture " + object))};
  // Also when the change never ran (a down from half-way): the trigger goes.
  backup.capture.down = backup.stop_capture;
  backup.capture.down.insert(backup.capture.down.end(), after_restore.begin(), after_restore.end());
  backup.capture.down.push_back("DROP TABLE IF EXISTS " + names.backup);
  backup.capture.creates = {backup.backup};

  // The copy reads the table (ACCESS SHARE); its down writes it (ROW
  // EXCLUSIVE). Neither blocks the application, so neither has limits.
  backup.copy =
      table_step(context, phase, fmt::format("copy {} into {}", object, names.backup), table.name, Lock::RowExclusive);
  backup.copy.transactional = false;
  backup.copy.up = {copy_block(names, rows, pg::quote_literal("copy " + object))};
  backup.copy.down = {restore_block(names, rows, refill, pg::quote_literal("restore " + object))};
  backup.copy.creates = {backup.backup};
  backup.copy.needs = {backup.backup};
  return backup;
}

} // namespace

bool can_keep_values(const model::Table &table, const model::Column &column) {
  const model::Constraint *key = primary_key_of(table);
  const bool writable = !column.generated && !(column.identity && column.identity->kind == model::IdentityKind::Always);
  // Rows are matched by their key: a column of the key itself cannot be.
  return key != nullptr && !key->columns.empty() && writable &&
         std::find(key->columns.begin(), key->columns.end(), column.name) == key->columns.end() &&
         std::all_of(key->columns.begin(), key->columns.end(),
                     [&table](const std::string &name) { return table.column(name) != nullptr; });
}

std::optional<ColumnBackup> backup_before_drop(const BuildContext &context, Phase phase, const model::Table &table,
                                               const model::Column &column) {
  if (!can_keep_values(table, column)) return std::nullopt;
  const std::string value = pg::quote_ident(column.name);
  // An identity column comes back numbered afresh, no row NULL: each kept
  // value goes back over its new number.
  const std::string refill = column.identity
                                 ? fmt::format("schemadiff_row.{0} IS DISTINCT FROM schemadiff_kept.{0}", value)
                                 : fmt::format("schemadiff_row.{0} IS NULL AND schemadiff_kept.{0} IS NOT NULL", value);
  // SET NOT NULL scans the table under ACCESS EXCLUSIVE, as the down of a
  // NOT NULL column's drop always did; it waits at most the capture's
  // lock_timeout. (An identity column is NOT NULL already.)
  std::vector<std::string> after_restore;
  if (column.not_null && !column.identity) {
    after_restore.push_back(
        fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", ddl::qualified(table.name), value));
  }
  return backup_steps(context, phase, table, column, refill, after_restore);
}

std::optional<ColumnBackup> backup_before_narrowing(const BuildContext &context, const model::Table &table,
                                                    const model::Column &from, const model::Column &to) {
  if (!can_keep_values(table, from)) return std::nullopt;
  // The change's down casts the narrowed value back: a row that still holds
  // exactly that was not written since.
  const std::string refill = fmt::format("schemadiff_row.{0} IS DISTINCT FROM schemadiff_kept.{0} AND "
                                         "schemadiff_row.{0} IS NOT DISTINCT FROM schemadiff_kept.{0}::{1}::{2}",
                                         pg::quote_ident(from.name), to.type, from.type);
  return backup_steps(context, Phase::Contract, table, from, refill, {});
}

} // namespace schemadiff::plan::kinds
