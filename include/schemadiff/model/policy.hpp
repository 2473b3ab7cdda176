#pragma once

#include "schemadiff/model/names.hpp"

#include <optional>
#include <string>
#include <vector>

namespace schemadiff::model {

// A row level security policy.
struct Policy {
  TableMemberKey key;
  bool permissive = true;
  std::string command = "ALL";  // ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles; // sorted; "PUBLIC" for everyone
  std::optional<std::string> using_expression;
  std::optional<std::string> check_expression;
  std::optional<std::string> comment;

  bool operator==(const Policy &) const = default;
};

} // namespace schemadiff::model
