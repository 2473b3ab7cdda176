#pragma once
// The grants of an object the plan creates. What a new object holds at
// creation depends on the default privileges in effect when its step runs
// (ALTER DEFAULT PRIVILEGES entries the plan may add, change or drop in
// other steps) and on the role that runs the plan (an entry FOR ROLE r
// applies only to objects r creates), neither of which the plan can be sure
// of. So the statements hold whichever applies: REVOKE what any entry, now
// or after the plan, could give that is not wanted (a no-op when not held),
// and GRANT what is wanted unless the built-in defaults surely give it (a
// no-op when a default privilege already did).

#include "schemadiff/model/catalog.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

struct NewObject {
  std::string target;         // as GRANT names it: "SEQUENCE public.s", "TYPE public.t"
  std::string schema;         // where it is created (a schema: its own name)
  char object_type = 'r';     // its pg_default_acl letter: r, S, f, T, n
  model::Privileges built_in; // what PostgreSQL grants others by itself (acldefault)
};

std::vector<std::string> new_object_grants(const NewObject &object, const model::Privileges &wanted,
                                           const model::Catalog &current, const model::Catalog &desired);

} // namespace schemadiff::plan::ddl
