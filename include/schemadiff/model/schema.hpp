#pragma once

#include "schemadiff/model/privilege.hpp"

#include <optional>
#include <string>

namespace schemadiff::model {

struct Schema {
  std::string name;
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const Schema &) const = default;
};

// An installed extension. The objects it owns are not in the model.
struct Extension {
  std::string name;
  std::string schema;
  std::string version;
  std::optional<std::string> comment;

  bool operator==(const Extension &) const = default;
};

} // namespace schemadiff::model
