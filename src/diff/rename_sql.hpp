#pragma once
// Names in SQL text as PostgreSQL prints it (pg_get_indexdef,
// pg_get_constraintdef, pg_get_triggerdef, pg_get_expr, pg_get_viewdef, all
// under search_path = pg_catalog): what the text would say after a rename.
// PostgreSQL keeps its objects by OID, so after ALTER ... RENAME it prints
// the new name wherever the old one was; rewriting the current catalog's
// text the same way lets the differ see the renamed object as the same.
//
// The text is read as tokens (words, "quoted words", 'strings', the rest),
// never searched as characters: a name only matches a whole identifier,
// compared case-sensitively with its unquoted value (PostgreSQL prints
// keywords in capitals and identifiers in lower case or quoted).

#include "schemadiff/model/names.hpp"

#include <string>
#include <string_view>

namespace schemadiff::diff {

// A relation renamed within its schema: `schema.from` becomes `schema.to`,
// and so does a regclass literal 'schema.from'::regclass. `from.` as a
// column qualifier (how a view prints a column of a table it reads without
// an alias) becomes `to.` when the text names the relation qualified, or
// when `own_relation` says the text is an expression of that relation.
std::string rename_relation_in_sql(std::string_view sql, const model::QualifiedName &from, const std::string &to,
                                   bool own_relation = false);

// An expression of one table (pg_get_expr with the table as context, or
// a CHECK / PRIMARY KEY / UNIQUE / EXCLUDE definition): its column `from`,
// bare or qualified by the table's name, becomes `to`. Function names,
// type names after `::`, aliases after AS and field names after another
// qualifier are left alone.
std::string rename_column_in_expression(std::string_view sql, const std::string &table, const std::string &from,
                                        const std::string &to);

// pg_get_indexdef of an index on the table: the column, from USING on (the
// index's and the table's names come before it).
std::string rename_column_in_index(std::string_view sql, const std::string &table, const std::string &from,
                                   const std::string &to);

// pg_get_triggerdef of a trigger on the table: the column in UPDATE OF and
// as NEW.column / OLD.column in WHEN.
std::string rename_column_in_trigger(std::string_view sql, const std::string &from, const std::string &to);

// pg_get_constraintdef of a foreign key: `local` renames a column of the
// constraint's own table (before REFERENCES), `referenced` one of the table
// it references (the column list after REFERENCES target).
struct ColumnRename {
  std::string from;
  std::string to;
};
std::string rename_local_column_in_foreign_key(std::string_view sql, const ColumnRename &local);
std::string rename_referenced_column_in_foreign_key(std::string_view sql, const model::QualifiedName &target,
                                                    const ColumnRename &referenced);

// pg_get_indexdef: the index's own name (after INDEX) becomes `to`.
std::string rename_index_in_definition(std::string_view sql, const std::string &to);

} // namespace schemadiff::diff
