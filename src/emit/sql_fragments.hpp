#pragma once
// The SQL fragments every kind's rendering shares live with the planner's
// DDL (emit may use plan; plan never uses emit).

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"

namespace schemadiff::emit {

using plan::ddl::aggregate_signature;
using plan::ddl::grant_statements;
using plan::ddl::mentions;
using plan::ddl::qualified;
using plan::ddl::role_name;
using plan::ddl::routine_signature;
using plan::ddl::storage_options;
using plan::ddl::without_terminator;

} // namespace schemadiff::emit
