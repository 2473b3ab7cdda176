#pragma once

#include "schemadiff/model/names.hpp"

#include <optional>
#include <string>

namespace schemadiff::model {

enum class TriggerEnabled { Origin, Disabled, Replica, Always }; // tgenabled O D R A

// A user trigger on a table or view (not constraint or partition-clone triggers).
struct Trigger {
  TableMemberKey key;
  std::string definition; // pg_get_triggerdef: "CREATE TRIGGER ..."
  std::string function;   // the qualified trigger function's name
  TriggerEnabled enabled = TriggerEnabled::Origin;
  std::optional<std::string> comment;

  bool operator==(const Trigger &) const = default;
};

} // namespace schemadiff::model
