#include "schemadiff/emit/plan_render.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

std::string phase_name(plan::Phase phase) {
  switch (phase) {
  case plan::Phase::Expand:
    return "expand";
  case plan::Phase::Backfill:
    return "backfill";
  case plan::Phase::Contract:
    return "contract";
  }
  return "?";
}

std::string lock_name(plan::Lock lock) {
  switch (lock) {
  case plan::Lock::None:
    return "none";
  case plan::Lock::AccessShare:
    return "ACCESS SHARE";
  case plan::Lock::RowShare:
    return "ROW SHARE";
  case plan::Lock::RowExclusive:
    return "ROW EXCLUSIVE";
  case plan::Lock::ShareUpdateExclusive:
    return "SHARE UPDATE EXCLUSIVE";
  case plan::Lock::Share:
    return "SHARE";
  case plan::Lock::ShareRowExclusive:
    return "SHARE ROW EXCLUSIVE";
  case plan::Lock::Exclusive:
    return "EXCLUSIVE";
  case plan::Lock::AccessExclusive:
    return "ACCESS EXCLUSIVE";
  }
  return "?";
}

std::string hazard_name(plan::HazardKind kind) {
  switch (kind) {
  case plan::HazardKind::TableRewrite:
    return "table_rewrite";
  case plan::HazardKind::FullScan:
    return "full_scan";
  case plan::HazardKind::AccessExclusiveLock:
    return "access_exclusive_lock";
  case plan::HazardKind::DataLoss:
    return "data_loss";
  case plan::HazardKind::BreaksRunningCode:
    return "breaks_running_code";
  case plan::HazardKind::Irreversible:
    return "irreversible";
  case plan::HazardKind::StandbyConflict:
    return "standby_conflict";
  }
  return "?";
}

std::string limits_sentence(const plan::Limits &limits) {
  const std::string wait = limits.lock_timeout == "0"
                               ? "waits for its lock as long as it takes (it blocks no reads or writes)"
                               : fmt::format("waits at most {} for its lock", limits.lock_timeout);
  const std::string run =
      limits.statement_timeout == "0" ? "no run limit" : fmt::format("runs at most {}", limits.statement_timeout);
  return wait + ", " + run;
}

} // namespace schemadiff::emit
