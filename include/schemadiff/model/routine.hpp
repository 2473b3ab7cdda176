#pragma once
// Functions, procedures and aggregates.

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/privilege.hpp"

#include <optional>
#include <string>

namespace schemadiff::model {

enum class RoutineKind { Function, Procedure };

struct Routine {
  RoutineKey key;
  RoutineKind kind = RoutineKind::Function;
  // pg_get_functiondef: the whole CREATE OR REPLACE statement.
  std::string definition;
  std::string arguments;   // pg_get_function_arguments (with names and defaults)
  std::string result;      // pg_get_function_result; empty for procedures
  std::string language;
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const Routine &) const = default;
};

struct Aggregate {
  RoutineKey key;
  std::string arguments;          // pg_get_function_arguments
  char kind = 'n';                // aggkind: n normal, o ordered-set, h hypothetical-set
  std::string state_function;     // qualified
  std::string state_type;         // format_type
  std::optional<std::string> final_function;
  bool final_function_extra = false;
  std::optional<std::string> combine_function;
  std::optional<std::string> serial_function;
  std::optional<std::string> deserial_function;
  std::optional<std::string> initial_condition;
  std::optional<std::string> sort_operator;
  std::string parallel = "u";     // proparallel: s safe, r restricted, u unsafe
  std::optional<std::string> comment;
  Privileges privileges;

  bool operator==(const Aggregate &) const = default;
};

} // namespace schemadiff::model
