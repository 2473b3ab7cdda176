#include "schemadiff/emit/plan_render.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

std::string render_plan_markdown(const plan::Plan &plan) {
  if (plan.empty()) return "### schemadiff plan\n\nNo changes: the database already matches the desired schema.\n";
  std::string text = fmt::format("### schemadiff plan: {} step{}\n", plan.size(), plan.size() == 1 ? "" : "s");
  std::optional<plan::Phase> phase;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const plan::Step &step = plan[i];
    if (phase != step.phase) {
      phase = step.phase;
      text += fmt::format("\n#### {}\n", phase_name(step.phase));
    }
    text += fmt::format("\n**{}. {}**", i + 1, step.summary);
    if (step.lock != plan::Lock::None) {
      text += fmt::format(" — lock `{}`{}", lock_name(step.lock),
                          step.locked_relation
                              ? " on `" + pg::quote_qualified(step.locked_relation->schema, step.locked_relation->name) + "`"
                              : "");
    }
    text += "\n";
    if (step.limits) text += "\n" + limits_sentence(*step.limits) + "\n";
    if (!step.deploy_first.empty()) text += "\n**Deploy first:** " + step.deploy_first + "\n";
    for (const plan::Hazard &hazard : step.hazards) {
      text += fmt::format("\n> :warning: **{}**: {}\n", hazard_name(hazard.kind), hazard.reason);
    }
    text += "\n```sql\n";
    for (const std::string &statement : step.up) text += statement + ";\n";
    text += "```\n";
    if (!step.down.empty()) {
      text += "\n<details><summary>down</summary>\n\n```sql\n";
      for (const std::string &statement : step.down) text += statement + ";\n";
      text += "```\n</details>\n";
    }
  }
  return text;
}

} // namespace schemadiff::emit
