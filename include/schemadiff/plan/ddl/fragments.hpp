#pragma once
// Pieces of SQL text that every kind's rendering shares. Names go through
// pg::quote_ident / quote_qualified; text the server printed (definitions,
// expressions, format_type) is used as printed.

#include "schemadiff/model/names.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace schemadiff::plan::ddl {

// schema.name, each part quoted as needed.
std::string qualified(const model::QualifiedName &name);

// schema.name(identity arguments): how COMMENT, GRANT and ALTER name a routine.
std::string routine_signature(const model::RoutineKey &key);

// As routine_signature, but "(*)" for an aggregate without arguments, which
// is how COMMENT ON AGGREGATE and CREATE AGGREGATE spell it.
std::string aggregate_signature(const model::RoutineKey &key);

// A grantee or policy role: PUBLIC is a keyword, any other role a name.
std::string role_name(std::string_view role);

// A server-printed statement without its trailing white space and ";"
// (pg_get_viewdef ends with one, pg_get_functiondef with a line break).
std::string without_terminator(std::string_view definition);

// reloptions ("fillfactor=70") as a WITH (...) list; a value that is not a
// plain word or number is written as a literal.
std::string storage_options(const std::vector<std::string> &options);

// Whether `text` names `name` (as quote_qualified writes it) as a whole
// name: "public.d" is in "public.d[]" but not in "public.d2".
bool mentions(std::string_view text, std::string_view name);

// `statement` run only when `exists_query` (a SELECT) returns no row: a
// statement that PostgreSQL has no IF NOT EXISTS for (ADD CONSTRAINT), made
// safe to run again after it succeeded. A DO block.
std::string unless_exists(const std::string &exists_query, const std::string &statement);

// `statements` run, in one DO block, only while `condition` (an SQL boolean)
// holds: a step that consumes what an earlier one made (a swap that renames
// the index built under a temporary name) does nothing when run again.
std::string only_while(const std::string &condition, const std::vector<std::string> &statements);

// The condition only_while needs: the relation exists.
std::string relation_exists(const model::QualifiedName &relation);

// A condition: no object depends on the relation or its row type in the way
// that makes DROP (without CASCADE) refuse. A view that a plan drops only to
// create it again is dropped only then: when the file runs a second time,
// what its later steps created on top of the view is there, and the view's
// CREATE OR REPLACE that follows is enough.
std::string nothing_depends_on(const model::QualifiedName &relation);

// Drops the index if it is INVALID — what a concurrent build that failed
// half-way leaves — and does nothing otherwise: safe before every attempt
// of the build. Not CONCURRENTLY (a DO block is a transaction): an INVALID
// index serves no query, and the brief ACCESS EXCLUSIVE lock waits at most
// `lock_timeout`.
std::string invalid_index_cleanup(const model::QualifiedName &index, const std::string &lock_timeout);

// CREATE [UNLOGGED] TABLE, CREATE [UNIQUE] INDEX, CREATE SEQUENCE, CREATE
// SCHEMA, CREATE MATERIALIZED VIEW and CREATE COLLATION statements with IF
// NOT EXISTS: run again after they succeeded, they do nothing. Any other
// statement is returned as it is.
std::string if_not_exists(std::string_view create_statement);

// CREATE VIEW and CREATE AGGREGATE as CREATE OR REPLACE: run again after
// they succeeded, they replace the object with itself. (The plan creates
// only what does not exist, so the first run is a plain creation.) Any
// other statement is returned as it is.
std::string or_replace(std::string_view create_statement);

// "DROP <target> " with IF EXISTS after the target's kind words ("VIEW",
// "MATERIALIZED VIEW", "TRIGGER t ON ..."): run again, it does nothing.
// The kind words are the leading upper-case words, which no name is:
// quote_ident quotes every name that has an upper-case letter.
std::string drop_if_exists(std::string_view target);

// The queries unless_exists needs for a type or domain, a table's trigger,
// a table's policy and a relation's column of that name.
std::string type_exists(const model::QualifiedName &type);
std::string trigger_exists(const model::TableMemberKey &trigger);
std::string policy_exists(const model::TableMemberKey &policy);
std::string column_exists(const model::QualifiedName &relation, std::string_view column);

// The query unless_exists needs for a table's constraint of that name.
std::string constraint_exists(const model::QualifiedName &table, std::string_view constraint);

// An index definition as pg_get_indexdef prints it ("CREATE [UNIQUE]
// INDEX name ON ...") built CONCURRENTLY IF NOT EXISTS instead: run again
// after it succeeded, it does nothing (after a failure, the INVALID leftover
// must go first: invalid_index_cleanup).
std::string concurrently(std::string_view index_definition);

// The same index definition under another (unqualified) name: pg_get_indexdef
// prints the name right after "CREATE [UNIQUE] INDEX ", quoted as needed.
std::string with_index_name(std::string_view index_definition, std::string_view name);

// `name` cut to at most `max_bytes` bytes (PostgreSQL keeps 63 of a name,
// NAMEDATALEN - 1) without cutting a UTF-8 character in two.
std::string within_name_limit(std::string_view name, std::size_t max_bytes = 63);

} // namespace schemadiff::plan::ddl
