#pragma once

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::model {

struct View {
  QualifiedName name;
  std::string definition;            // pg_get_viewdef, pretty, with the search path empty
  std::vector<std::string> options;  // reloptions: check_option=local, security_barrier=true, ...
  std::vector<std::string> columns;  // output column names, in order
  std::map<std::string, std::string> column_comments;
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const View &) const = default;
};

struct MaterializedView {
  QualifiedName name;
  std::string definition;
  std::vector<std::string> options;
  std::vector<std::string> columns;
  std::map<std::string, std::string> column_comments;
  bool populated = true; // WITH [NO] DATA
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const MaterializedView &) const = default;
};

} // namespace schemadiff::model
