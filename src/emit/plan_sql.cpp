#include "schemadiff/emit/plan_render.hpp"

#include "sql_comment.hpp"
#include "statement_text.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

// The step's summary, lock and hazards hold names from the database: each
// line goes through sql_comment_line, so that psql runs none of them.
std::string step_header(const plan::Step &step, std::size_t number) {
  std::string header = sql_comment_line(fmt::format("step {}: {}", number, step.summary));
  if (step.lock != plan::Lock::None) {
    header += sql_comment_line(fmt::format(
        "lock: {}{}", lock_name(step.lock),
        step.locked_relation ? " on " + pg::quote_qualified(step.locked_relation->schema, step.locked_relation->name)
                             : ""));
  }
  if (!step.transactional) header += "-- runs outside a transaction block\n";
  if (!step.deploy_first.empty()) header += sql_comment_line("deploy first: " + step.deploy_first);
  for (const plan::Hazard &hazard : step.hazards) {
    header += sql_comment_line(fmt::format("hazard {}: {}", hazard_name(hazard.kind), hazard.reason));
  }
  return header;
}

} // namespace

std::string render_plan_sql(const plan::Plan &plan, PlanDirection direction) {
  if (plan.empty()) return "-- schemadiff: no changes\n";
  std::string script;
  std::optional<plan::Phase> phase;
  const auto add_step = [&](const plan::Step &step, std::size_t number, const std::vector<std::string> &statements) {
    if (phase != step.phase) {
      phase = step.phase;
      script += fmt::format("\n-- ===== phase: {} =====\n", phase_name(step.phase));
    }
    script += "\n" + step_header(step, number);
    // psql -f runs each statement in its own transaction: the limits are
    // set for the step and reset after it, so that they apply to it alone.
    // What a failed earlier attempt left behind goes first: the script can
    // simply be run again.
    if (direction == PlanDirection::Up && !step.retry_cleanup.empty()) script += terminated(step.retry_cleanup);
    const bool limited = step.limits && !statements.empty();
    if (limited) {
      script += terminated("SET lock_timeout = " + pg::quote_literal(step.limits->lock_timeout));
      script += terminated("SET statement_timeout = " + pg::quote_literal(step.limits->statement_timeout));
    }
    for (const std::string &statement : statements) script += terminated(statement);
    if (limited) script += terminated("RESET lock_timeout") + terminated("RESET statement_timeout");
  };
  if (direction == PlanDirection::Up) {
    for (std::size_t i = 0; i < plan.size(); ++i) add_step(plan[i], i + 1, plan[i].up);
  } else {
    for (std::size_t i = plan.size(); i-- > 0;) add_step(plan[i], i + 1, plan[i].down);
  }
  return script.substr(1);
}

} // namespace schemadiff::emit
