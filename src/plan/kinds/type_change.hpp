#pragma once
// Which ALTER COLUMN ... TYPE changes rewrite the table (and rebuild every
// index on the column) and which only change the catalog: PostgreSQL skips
// the rewrite when the old type is binary coercible to the new one and no
// value can stop fitting (hazards.md). And which changes can lose data:
// those are checked first, by counting the rows that would not fit.

#include <optional>
#include <string>

namespace schemadiff::plan::kinds {

// `from` and `to` as format_type prints them, e.g. "character varying(20)".
bool type_change_rewrites(const std::string &from, const std::string &to);

// A type change that can lose values: a shorter length limit, fewer digits
// or decimal places, a smaller integer range, or a cast from text that may
// fail.
struct Narrowing {
  // SQL, over the quoted column, true for the rows whose value does not fit
  // the new type; nullopt when they cannot be told apart on this server.
  std::optional<std::string> predicate;
  // What ALTER ... TYPE ... USING column::type does to such a row, e.g.
  // "the up truncates them to 20 characters".
  std::string outcome;
  // Why there is no predicate, when there is none.
  std::string uncountable;

  bool operator==(const Narrowing &) const = default;
};

// nullopt when every value of `from` fits `to` (or the change is not one
// known to narrow: it is still flagged as a rewrite). `column` is the quoted
// column name; `server_version_num` decides whether pg_input_is_valid
// (PostgreSQL >= 16) can check a cast.
std::optional<Narrowing> type_change_narrows(const std::string &from, const std::string &to, const std::string &column,
                                             int server_version_num);

} // namespace schemadiff::plan::kinds
