#pragma once

#include "schemadiff/model/catalog.hpp"

#include <string>

namespace schemadiff::plan::ddl {

// GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY with the options that differ
// from the type's defaults.
std::string identity_clause(const model::Identity &identity);

// A column as CREATE TABLE and ADD COLUMN state it: name, type, COLLATE,
// DEFAULT, NOT NULL, identity, generated expression.
std::string column_definition(const model::Column &column);

// CREATE TABLE with its columns (a partition: PARTITION OF its parent with
// its bound), persistence, partition key and storage options; constraints
// are added apart.
std::string create_table(const model::Catalog &catalog, const model::Table &table);

// ALTER TABLE ... ADD CONSTRAINT, with the user's own text of a check when
// the catalog has it (Catalog::source_text), and NOT VALID when the
// constraint is not validated.
std::string add_constraint(const model::Catalog &catalog, const model::Table &table,
                           const model::Constraint &constraint);

// A check or foreign key that a partition has because its parent has it:
// PostgreSQL adds it to the partition along with the parent's.
bool inherited_constraint(const model::Catalog &catalog, const model::Table &table,
                          const model::Constraint &constraint);

} // namespace schemadiff::plan::ddl
