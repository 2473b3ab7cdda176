#include "plan_checks.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

namespace schemadiff::testing {

void check_round_trip(const PlanRoundTrip &result) {
  INFO("failure: " << result.failure);
  CHECK(result.failure.empty());
  CHECK(result.up_reaches_new);
  CHECK(result.second_plan.empty());
  CHECK(result.down_restores_old);
}

std::vector<std::string> summaries(const plan::Plan &plan) {
  std::vector<std::string> names;
  for (const plan::Step &step : plan) names.push_back(step.summary);
  return names;
}

std::size_t step_named(const plan::Plan &plan, const std::string &summary) {
  const auto found =
      std::find_if(plan.begin(), plan.end(), [&](const plan::Step &step) { return step.summary == summary; });
  INFO("no step \"" << summary << "\" among: " << Catch::Detail::stringify(summaries(plan)));
  REQUIRE(found != plan.end());
  return static_cast<std::size_t>(found - plan.begin());
}

const plan::Step &step_starting(const plan::Plan &plan, const std::string &prefix) {
  const auto found =
      std::find_if(plan.begin(), plan.end(), [&](const plan::Step &step) { return step.summary.starts_with(prefix); });
  INFO("no step starting \"" << prefix << "\" among: " << Catch::Detail::stringify(summaries(plan)));
  REQUIRE(found != plan.end());
  return *found;
}

bool has_hazard(const plan::Step &step, plan::HazardKind kind) {
  return std::any_of(step.hazards.begin(), step.hazards.end(), [&](const auto &hazard) { return hazard.kind == kind; });
}

bool has_statement(const plan::Step &step, const std::string &text) {
  return std::any_of(step.up.begin(), step.up.end(),
                     [&](const std::string &statement) { return statement.find(text) != std::string::npos; });
}

std::size_t step_running(const plan::Plan &plan, const std::string &text) {
  const auto found =
      std::find_if(plan.begin(), plan.end(), [&](const plan::Step &step) { return has_statement(step, text); });
  INFO("no step runs \"" << text << "\" among: " << Catch::Detail::stringify(summaries(plan)));
  REQUIRE(found != plan.end());
  return static_cast<std::size_t>(found - plan.begin());
}

bool has_down_statement(const plan::Step &step, const std::string &text) {
  return std::any_of(step.down.begin(), step.down.end(),
                     [&](const std::string &statement) { return statement.find(text) != std::string::npos; });
}

std::vector<std::string> unguarded(const std::vector<std::string> &statements) {
  std::vector<std::string> result;
  for (const std::string &statement : statements) {
    if (!statement.starts_with("DO $schemadiff_guard")) {
      result.push_back(statement);
      continue;
    }
    // DO tag\nBEGIN\n  IF condition THEN\n    statement;\n ...  END IF;\nEND\ntag
    const std::size_t body = statement.find(" THEN\n    ");
    const std::size_t end = statement.rfind(";\n  END IF;");
    REQUIRE(body != std::string::npos);
    REQUIRE(end != std::string::npos);
    std::string inner = statement.substr(body + 10, end - body - 10);
    for (std::size_t at = inner.find(";\n    "); at != std::string::npos; at = inner.find(";\n    ")) {
      result.push_back(inner.substr(0, at));
      inner.erase(0, at + 6);
    }
    result.push_back(inner);
  }
  return result;
}

} // namespace schemadiff::testing
