#pragma once
// Checks the plan tests share: a whole round trip, and finding steps.

#include "plan_round_trip.hpp"

#include "schemadiff/plan/step.hpp"

#include <string>
#include <vector>

namespace schemadiff::testing {

// No SQL failed, the up reaches the new schema, nothing is left to plan,
// and the down restores the old schema.
void check_round_trip(const PlanRoundTrip &result);

std::vector<std::string> summaries(const plan::Plan &plan);

// The position of the step with exactly this summary; fails the test,
// listing the steps, when none has it.
std::size_t step_named(const plan::Plan &plan, const std::string &summary);

// The first step whose summary starts with `prefix`; fails the test when none does.
const plan::Step &step_starting(const plan::Plan &plan, const std::string &prefix);

bool has_hazard(const plan::Step &step, plan::HazardKind kind);

// The position of the first step with an up statement containing `text`;
// fails the test, listing the steps, when none has one.
std::size_t step_running(const plan::Plan &plan, const std::string &text);

// Whether one of the step's down statements contains `text`.
bool has_down_statement(const plan::Step &step, const std::string &text);

// Whether one of the step's up statements contains `text`.
bool has_statement(const plan::Step &step, const std::string &text);

// The statements with every guard that makes them safe to run again (the DO
// block of ddl::unless_exists and ddl::only_while) taken off: what the step
// does on its first run. Other statements are kept as they are.
std::vector<std::string> unguarded(const std::vector<std::string> &statements);

} // namespace schemadiff::testing
