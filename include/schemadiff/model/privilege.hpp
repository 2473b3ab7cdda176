#pragma once
// Grants as data. Owners are not part of the model (they differ between
// environments), so an object's privileges are its ACL with the owner's own
// entries left out — with the built-in default ACL made explicit, so that
// "EXECUTE for PUBLIC on a new function" is a privilege like any other.

#include <compare>
#include <string>
#include <vector>

namespace schemadiff::model {

struct Privilege {
  std::string grantee;   // a role name, or "PUBLIC"
  std::string privilege; // SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, USAGE, EXECUTE, CREATE, ...
  bool grantable = false;

  auto operator<=>(const Privilege &) const = default;
  bool operator==(const Privilege &) const = default;
};

// Sorted by grantee, then privilege.
using Privileges = std::vector<Privilege>;

} // namespace schemadiff::model
