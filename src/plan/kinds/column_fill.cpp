#include "column_fill.hpp"

#include "backfill.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

// schemadiff's own objects live in a schema that introspection leaves out:
// the fill trigger is machinery of the migration, not the user's schema.
constexpr const char *machinery_schema = "schemadiff";

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

struct FillTrigger {
  std::string trigger;  // quoted, unqualified
  std::string function; // qualified
};

FillTrigger fill_trigger_names(const model::Table &table, const model::Column &column) {
  return {pg::quote_ident(ddl::within_name_limit("schemadiff_fill_" + column.name)),
          pg::quote_qualified(machinery_schema, ddl::within_name_limit(fmt::format("fill {}.{}.{}", table.name.schema,
                                                                                   table.name.name, column.name)))};
}

// A dollar-quote tag that the value does not contain.
std::string body_tag(const std::string &value) {
  std::string tag = "$schemadiff_fill$";
  for (int n = 1; value.find(tag) != std::string::npos; ++n) tag = fmt::format("$schemadiff_fill_{}$", n);
  return tag;
}

// BEFORE INSERT OR UPDATE: a row written without the column gets the
// value, computed over the row's own columns (the value names them
// unqualified, as in the backfill's UPDATE).
std::vector<std::string> create_fill_trigger(const model::Table &table, const model::Column &column,
                                             const std::string &value) {
  const FillTrigger names = fill_trigger_names(table, column);
  const std::string quoted = pg::quote_ident(column.name);
  const std::string tag = body_tag(value);
  return {
      fmt::format("CREATE SCHEMA IF NOT EXISTS {}", machinery_schema),
      fmt::format("CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS {tag}\n"
                  "#variable_conflict use_column\n"
                  "BEGIN\n"
                  "  IF NEW.{column} IS NULL THEN\n"
                  "    SELECT ({value}) INTO NEW.{column} FROM (SELECT NEW.*) AS schemadiff_row;\n"
                  "  END IF;\n"
                  "  RETURN NEW;\n"
                  "END\n"
                  "{tag}",
                  fmt::arg("function", names.function), fmt::arg("tag", tag), fmt::arg("column", quoted),
                  fmt::arg("value", value)),
      // No CREATE OR REPLACE TRIGGER before PostgreSQL 14: dropped first, so
      // that the step can run again.
      fmt::format("DROP TRIGGER IF EXISTS {} ON {}", names.trigger, ddl::qualified(table.name)),
      // WHEN: a row that has the value costs no call of the function.
      fmt::format("CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW WHEN (NEW.{} IS NULL) EXECUTE "
                  "FUNCTION {}()",
                  names.trigger, ddl::qualified(table.name), quoted, names.function),
  };
}

std::vector<std::string> drop_fill_trigger(const model::Table &table, const model::Column &column) {
  const FillTrigger names = fill_trigger_names(table, column);
  return {fmt::format("DROP TRIGGER IF EXISTS {} ON {}", names.trigger, ddl::qualified(table.name)),
          fmt::format("DROP FUNCTION IF EXISTS {}()", names.function)};
}

std::string alter_column(const model::Table &table, const model::Column &column) {
  return fmt::format("ALTER TABLE {} ALTER COLUMN {}", ddl::qualified(table.name), pg::quote_ident(column.name));
}

} // namespace

bool is_row_independent(const model::Table &table, const std::string &value) {
  if (is_volatile_default(value)) return false;
  // A subquery cannot be a default, and may read the row besides.
  if (ddl::mentions(lowered(value), "select")) return false;
  return std::none_of(table.columns.begin(), table.columns.end(), [&value](const model::Column &column) {
    return ddl::mentions(value, pg::quote_ident(column.name));
  });
}

ColumnFill fill_for(const model::Table &table, const model::Column &column, const std::string &value) {
  ColumnFill fill;
  const bool volatile_default = column.default_value && is_volatile_default(*column.default_value);
  if (volatile_default && value == *column.default_value) {
    // Added without it (it would rewrite the table), then set for new rows.
    fill.add_up = {alter_column(table, column) + " SET DEFAULT " + *column.default_value};
    return fill;
  }
  if (is_row_independent(table, value)) {
    fill.added_default = value;
    fill.backfill = false;
    if (column.default_value) {
      fill.add_up = {alter_column(table, column) + " SET DEFAULT " + *column.default_value};
    } else {
      fill.finish_up = {alter_column(table, column) + " DROP DEFAULT"};
      fill.finish_down = {alter_column(table, column) + " SET DEFAULT " + value};
    }
    return fill;
  }
  if (column.default_value) {
    // The column's own default fills what old code inserts; an UPDATE
    // leaves it as it was, filled.
    fill.add_up = {alter_column(table, column) + " SET DEFAULT " + *column.default_value};
    return fill;
  }
  fill.add_up = create_fill_trigger(table, column, value);
  fill.add_down = drop_fill_trigger(table, column);
  fill.finish_up = drop_fill_trigger(table, column);
  fill.finish_down = create_fill_trigger(table, column, value);
  return fill;
}

} // namespace schemadiff::plan::kinds
