#pragma once
// ALTER DEFAULT PRIVILEGES: the privileges objects get when a role creates
// them, globally or in one schema.

#include "schemadiff/model/privilege.hpp"

#include <compare>
#include <string>

namespace schemadiff::model {

struct DefaultPrivilegeKey {
  std::string role;   // the creating role (FOR ROLE)
  std::string schema; // empty: in every schema
  char object_type = 'r'; // defaclobjtype: r tables, S sequences, f functions, T types, n schemas

  auto operator<=>(const DefaultPrivilegeKey &) const = default;
  bool operator==(const DefaultPrivilegeKey &) const = default;
};

struct DefaultPrivilege {
  DefaultPrivilegeKey key;
  Privileges privileges; // the stored ACL's entries, as pg_default_acl holds them

  bool operator==(const DefaultPrivilege &) const = default;
};

} // namespace schemadiff::model
