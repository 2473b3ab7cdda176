#pragma once
// Small pieces every kind's builder uses to look objects up and make steps.

#include "../kind_builder.hpp"

#include "schemadiff/error.hpp"

#include <cstdint>
#include <string>

namespace schemadiff::plan::kinds {

inline model::QualifiedName name_of(const model::ObjectRef &object) { return {object.schema, object.name}; }

// The table an object ref names (its container for members); throws when
// the catalog lacks it, which would be a differ bug.
const model::Table &table_of(const model::Catalog &catalog, const model::ObjectRef &object);
const model::Column &column_of(const model::Catalog &catalog, const model::ObjectRef &object);
const model::Constraint &constraint_of(const model::Catalog &catalog, const model::ObjectRef &object);

// A new step acting on a table under `lock`, with the table's row estimate.
Step table_step(const BuildContext &context, Phase phase, std::string summary, const model::QualifiedName &table,
                Lock lock);

// A table that exists before the plan runs and keeps its rows: changes to
// it must not block reads and writes for long (hazards.md). A table created
// or re-created by the plan is empty, and plain DDL is right for it.
bool is_existing_table(const BuildContext &context, const model::QualifiedName &table);

// A column's NOT NULL as a node of the ordering graph. PostgreSQL 12-17 keep
// NOT NULL as a column attribute, not a constraint, so the graph names it
// like a constraint of the table: the step that sets NOT NULL on a table
// with rows (after its validated CHECK) creates it, and a step that relies
// on the column being NOT NULL already needs it (a primary key taking over
// an index would otherwise scan the table under its ACCESS EXCLUSIVE lock).
model::ObjectRef not_null_ref(const model::QualifiedName &table, const std::string &column);

// 1234567 -> "1,234,567", for row counts in hazards.
std::string grouped(std::int64_t number);

// "table public.t" style names for summaries.
std::string display(const model::QualifiedName &name);
std::string display(const model::ObjectRef &member);

} // namespace schemadiff::plan::kinds
