#pragma once
// A new column on a table with rows that must get a value: the rows already
// there, and the rows that old code — still running between the expand and
// the contract migrations — writes without it. Otherwise the contract's
// VALIDATE of NOT NULL fails on late rows (hazards.md, "Running the steps").
//
// - A value that does not depend on the row (a constant, now()) becomes the
//   column's default when it is added: PostgreSQL >= 11 stores it once and
//   every old row reads it, with no rewrite and no backfill; old code's rows
//   get it too. The contract puts the desired default back.
// - A value computed from the row ('user_' || id) is backfilled in batches,
//   and a trigger fills the rows old code writes meanwhile (unless the
//   column's own default already does); the contract removes it.
// - A volatile default (gen_random_uuid()) serves new rows by itself; the
//   old rows are backfilled with it.

#include "../kind_builder.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::plan::kinds {

struct ColumnFill {
  std::optional<std::string> added_default; // the default the column is added with
  std::vector<std::string> add_up;          // in the add step, after ADD COLUMN
  std::vector<std::string> add_down;        // in its down, before DROP COLUMN
  bool backfill = true;                     // false: the catalog gives old rows the value
  std::vector<std::string> finish_up;       // contract: what the fill leaves behind goes
  std::vector<std::string> finish_down;     // and comes back in the down
};

ColumnFill fill_for(const model::Table &table, const model::Column &column, const std::string &value);

// Whether the value is the same for every row: no column of the table in
// it, nothing volatile. Used as a default it fills old rows for free.
bool is_row_independent(const model::Table &table, const std::string &value);

} // namespace schemadiff::plan::kinds
