#include "schemadiff/plan/ddl/new_object_privileges.hpp"

#include "schemadiff/plan/ddl/privileges.hpp"

#include <algorithm>
#include <iterator>

namespace schemadiff::plan::ddl {

namespace {

using model::Privileges;

Privileges sorted(Privileges privileges) {
  std::sort(privileges.begin(), privileges.end());
  privileges.erase(std::unique(privileges.begin(), privileges.end()), privileges.end());
  return privileges;
}

Privileges joined(const Privileges &a, const Privileges &b) {
  Privileges both;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

Privileges common(const Privileges &a, const Privileges &b) {
  Privileges both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both;
}

} // namespace

std::vector<std::string> new_object_grants(const NewObject &object, const Privileges &wanted_privileges,
                                           const model::Catalog &current, const model::Catalog &desired) {
  const Privileges wanted = sorted(wanted_privileges);
  const Privileges built_in = sorted(object.built_in);
  const Privileges now = sorted(privileges_at_creation(current, object.schema, object.object_type, built_in));
  const Privileges after = sorted(privileges_at_creation(desired, object.schema, object.object_type, built_in));
  // What the object may hold at creation, and what it surely holds: the
  // built-in defaults that no entry (of whichever role) takes away.
  const Privileges may_hold = joined(built_in, joined(now, after));
  const Privileges surely_holds = common(built_in, common(now, after));
  // grant_statements(target, wanted, baseline) revokes baseline - wanted and
  // grants wanted - baseline; each call below does only one of the two.
  std::vector<std::string> statements = grant_statements(object.target, common(wanted, may_hold), may_hold);
  for (std::string &grant : grant_statements(object.target, wanted, common(wanted, surely_holds))) {
    statements.push_back(std::move(grant));
  }
  return statements;
}

} // namespace schemadiff::plan::ddl
