#pragma once
// Functions, procedures and aggregates as statements, shared by the planner
// and `schemadiff inspect`.

#include "schemadiff/model/privilege.hpp"
#include "schemadiff/model/routine.hpp"

#include <string>

namespace schemadiff::plan::ddl {

// How COMMENT, GRANT, ALTER and DROP name a routine: "FUNCTION s.f(a integer)"
// or "PROCEDURE s.p()".
std::string routine_target(const model::Routine &routine);

// Identity arguments (pg_get_function_identity_arguments) without the
// parameter names: "a integer, VARIADIC b text[]" is "integer, VARIADIC
// text[]". PostgreSQL tells overloads apart by these alone, so two routines
// of one name whose arguments differ only in their names are one function.
std::string argument_types(const std::string &identity_arguments);

// CREATE AGGREGATE from the aggregate's fields.
std::string create_aggregate(const model::Aggregate &aggregate);

// How COMMENT and DROP name an aggregate: "AGGREGATE s.a(integer)", "(*)"
// without arguments.
std::string aggregate_target(const model::RoutineKey &key);

// How GRANT names an aggregate: as a FUNCTION with its argument types alone.
std::string aggregate_grant_target(const model::RoutineKey &key);

// What a new function, procedure or aggregate grants by itself
// (PostgreSQL's acldefault): EXECUTE for PUBLIC.
const model::Privileges &routine_default_privileges();

} // namespace schemadiff::plan::ddl
