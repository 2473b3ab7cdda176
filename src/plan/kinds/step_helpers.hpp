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

// 1234567 -> "1,234,567", for row counts in hazards.
std::string grouped(std::int64_t number);

// "table public.t" style names for summaries.
std::string display(const model::QualifiedName &name);
std::string display(const model::ObjectRef &member);

} // namespace schemadiff::plan::kinds
