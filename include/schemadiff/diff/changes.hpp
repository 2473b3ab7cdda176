#pragma once
// What differs between the current and the desired catalog, object by
// object: created, dropped, altered in place, or dropped and re-created —
// the last both when PostgreSQL cannot alter a definition in place and when
// something the object depends on is re-created or changes type.

#include "schemadiff/model/catalog.hpp"

#include <set>

namespace schemadiff::diff {

struct Changes {
  std::set<model::ObjectRef> created;   // in desired only
  std::set<model::ObjectRef> dropped;   // in current only
  std::set<model::ObjectRef> altered;   // in both, changed in place
  std::set<model::ObjectRef> recreated; // in both, dropped and created again

  bool empty() const { return created.empty() && dropped.empty() && altered.empty() && recreated.empty(); }
  bool operator==(const Changes &) const = default;
};

Changes diff_catalogs(const model::Catalog &current, const model::Catalog &desired);

} // namespace schemadiff::diff
