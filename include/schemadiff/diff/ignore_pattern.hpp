#pragma once
// [drift] ignore in schemadiff.toml: the objects drift leaves out, named by
// glob-like patterns of qualified names.
//
//   "audit.*"                every object in schema audit, and the schema
//   "public.tmp_*"           what is named tmp_* in public (tables, views,
//                            sequences, types, functions of any arguments,
//                            ...) and what belongs to such a table: its
//                            columns, constraints, indexes, triggers and
//                            policies
//   "public.users.legacy_*"  the columns, constraints, triggers and policies
//                            named legacy_* of public.users
//   "*.pg_trgm"              an extension, by the schema it is installed in
//
// `*` matches any run of characters (none too), `?` any one character.
// Names are matched as PostgreSQL stores them: unquoted names are lower
// case. A part in double quotes is literal, dots and stars included
// ("Sales.Dept".*); "" inside quotes is one ".

#include "schemadiff/model/object_ref.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::diff {

struct IgnorePattern {
  std::string text;               // as written
  std::vector<std::string> parts; // schema, object[, member]: globs, `\c` a literal c

  bool operator==(const IgnorePattern &) const = default;
};

// Throws Error naming the pattern when it has fewer than two parts or more
// than three, an empty part, or an unterminated quote.
IgnorePattern parse_ignore_pattern(std::string_view text);

// Whether `text` matches `glob`: `*` any run, `?` any one character, `\c`
// the character c itself.
bool glob_matches(std::string_view glob, std::string_view text);

// Whether the pattern names the object. A schema is its own name with an
// empty object name (so "audit.*" names it); an extension is named by the
// schema it is installed in (the caller puts it in `object.schema`).
bool ignores(const IgnorePattern &pattern, const model::ObjectRef &object);

} // namespace schemadiff::diff
