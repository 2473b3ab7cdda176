#pragma once
// Triggers as statements, shared by the planner and `schemadiff inspect`.

#include "schemadiff/model/trigger.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

// The stored CREATE TRIGGER, then its firing state when it is not the one a
// new trigger has (fires on origin and local sessions).
std::vector<std::string> create_trigger(const model::Trigger &trigger);

// ALTER TABLE ... {ENABLE|DISABLE|ENABLE REPLICA|ENABLE ALWAYS} TRIGGER: sets
// the trigger's firing state, whatever it was.
std::string set_trigger_enabled(const model::Trigger &trigger);

// How COMMENT ON names a trigger: "TRIGGER name ON s.t".
std::string trigger_target(const model::TableMemberKey &key);

} // namespace schemadiff::plan::ddl
