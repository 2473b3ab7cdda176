#pragma once
// The plan for people and tools: `schemadiff plan --format text|sql|json|markdown`.
// Renderers only format steps; they decide nothing.

#include "schemadiff/plan/step.hpp"

#include <string>

namespace schemadiff::emit {

enum class PlanDirection { Up, Down };

// Runnable with psql in autocommit: phases, steps, locks and hazards as
// comments. The down is every step's down, last step first.
std::string render_plan_sql(const plan::Plan &plan, PlanDirection direction = PlanDirection::Up);

// For a terminal: grouped by phase, hazards highlighted (in colour when
// `colour` is set).
std::string render_plan_text(const plan::Plan &plan, bool colour);

// The steps as data; docs/plan-json.md describes the shape.
std::string render_plan_json(const plan::Plan &plan);

// For a pull-request comment.
std::string render_plan_markdown(const plan::Plan &plan);

// Names used by every format.
std::string phase_name(plan::Phase phase);
std::string lock_name(plan::Lock lock);
std::string hazard_name(plan::HazardKind kind);
// "waits at most 1s for its lock, runs at most 5min" / "waits for its lock
// as long as it takes (it blocks no reads or writes), no run limit".
std::string limits_sentence(const plan::Limits &limits);

} // namespace schemadiff::emit
