#pragma once
// Views and materialized views as statements, shared by the planner and
// `schemadiff inspect`.

#include "schemadiff/model/view.hpp"

#include <string>

namespace schemadiff::plan::ddl {

// CREATE VIEW name [WITH (options)] AS definition.
std::string create_view(const model::View &view);

// CREATE MATERIALIZED VIEW name [WITH (options)] AS definition WITH [NO] DATA.
std::string create_materialized_view(const model::MaterializedView &view);

// How COMMENT ON names them and their columns.
std::string view_target(const model::QualifiedName &name);                                  // VIEW s.v
std::string materialized_view_target(const model::QualifiedName &name);                     // MATERIALIZED VIEW s.m
std::string column_target(const model::QualifiedName &relation, const std::string &column); // COLUMN s.v.c

// How GRANT names a view or materialized view: they are tables to it.
std::string relation_grant_target(const model::QualifiedName &name); // TABLE s.v

} // namespace schemadiff::plan::ddl
