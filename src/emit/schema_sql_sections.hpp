#pragma once
// The parts of the declarative schema, one per file, each adding its
// objects' blocks to the script. render_schema_sql calls them in dependency
// order (see schema_sql.cpp for why that order).

#include "schema_script.hpp"

#include "schemadiff/model/catalog.hpp"

#include <set>
#include <string>
#include <vector>

namespace schemadiff::emit {

// schema_sql.cpp: every section below, in dependency order.
void render_schema_sections(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_schemas.cpp: CREATE SCHEMA (not public, which every database
// has) and CREATE EXTENSION.
void render_schemas(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_types.cpp: collations, enums, then ranges, domains and
// composite types in the order of the type names they mention.
void render_types(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_domains.cpp: one domain's CREATE DOMAIN; and, once the
// routines exist, the checks and defaults it could not state before them.
std::string create_domain(const model::Catalog &catalog, const model::Domain &domain);
void render_late_domain_parts(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_routines.cpp: functions, procedures, aggregates; but not the
// routines whose SQL-standard body (BEGIN ATOMIC, RETURN) reads relations:
// PostgreSQL parses such a body at once, so they are written with the views.
void render_routines(const model::Catalog &catalog, SchemaScript &script);
std::set<model::RoutineKey> routines_reading_relations(const model::Catalog &catalog);
model::ObjectRef routine_ref(const model::RoutineKey &key);
std::string routine_title(const model::Routine &routine); // "function public.f(a integer)"

// schema_sql_sequences.cpp: CREATE SEQUENCE; after the tables, OWNED BY.
void render_sequences(const model::Catalog &catalog, SchemaScript &script);
void render_sequence_ownership(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_tables.cpp: CREATE TABLE, partitioned parents before their
// partitions.
void render_tables(const model::Catalog &catalog, SchemaScript &script);
// How many PARTITION OF steps lie between a table and its partition root.
int partition_depth(const model::Catalog &catalog, const model::QualifiedName &table);

// schema_sql_constraints.cpp: primary keys, uniques, checks and exclusions;
// foreign keys come apart, after the indexes a key may reference.
void render_table_constraints(const model::Catalog &catalog, SchemaScript &script);
void render_foreign_keys(const model::Catalog &catalog, SchemaScript &script);
// The table constraint an index belongs to: its own, or for a partition's
// index attached to a constraint's index, that constraint (PostgreSQL
// requires the partition's index to belong to a like constraint).
const model::Constraint *key_constraint_of(const model::Catalog &catalog, const model::Index &index);

// schema_sql_indexes.cpp: indexes that no constraint creates, on tables or
// (after the views) on materialized views.
enum class IndexedRelation { Tables, MaterializedViews };
void render_indexes(const model::Catalog &catalog, SchemaScript &script, IndexedRelation on);

// schema_sql_views.cpp: views, materialized views and the routines that
// read relations, each after what it reads.
void render_views(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_triggers.cpp: CREATE TRIGGER and its firing state.
void render_triggers(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_policies.cpp: row level security switches and policies.
void render_row_security(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_comments.cpp: COMMENT ON for every object that has one.
void render_comments(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_privileges.cpp: GRANT and REVOKE from a new object's defaults.
void render_privileges(const model::Catalog &catalog, SchemaScript &script);

// schema_sql_default_privileges.cpp: ALTER DEFAULT PRIVILEGES.
void render_default_privileges(const model::Catalog &catalog, SchemaScript &script);

} // namespace schemadiff::emit
