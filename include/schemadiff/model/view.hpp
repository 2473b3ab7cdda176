#pragma once

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace schemadiff::model {

// What a view's query reads, from pg_depend through its rewrite rule: what
// must exist before it, and what it must be re-created around.
struct ViewDependencies {
  std::vector<QualifiedName> relations; // tables, views, materialized views; sorted
  std::vector<RoutineKey> routines;     // functions it calls; sorted

  bool operator==(const ViewDependencies &) const = default;
};

struct View {
  QualifiedName name;
  std::string definition;            // pg_get_viewdef, pretty, with the search path empty
  std::vector<std::string> options;  // reloptions: check_option=local, security_barrier=true, ...
  std::vector<std::string> columns;  // output column names, in order
  std::map<std::string, std::string> column_comments;
  ViewDependencies depends_on;
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
  ViewDependencies depends_on;
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const MaterializedView &) const = default;
};

} // namespace schemadiff::model
