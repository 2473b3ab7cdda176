#include "schemadiff/emit/plan_render.hpp"

#include "markdown_fence.hpp"
#include "sql_comment.hpp"

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
    // Summaries and hazards hold names: on one line, they cannot start a
    // heading or a list of their own.
    text += fmt::format("\n**{}. {}**", i + 1, sql_comment_text(step.summary));
    if (step.lock != plan::Lock::None) {
      const std::string relation =
          step.locked_relation ? pg::quote_qualified(step.locked_relation->schema, step.locked_relation->name) : "";
      text += fmt::format(" — lock `{}`{}", lock_name(step.lock),
                          relation.empty() ? "" : " on `" + sql_comment_text(relation) + "`");
    }
    text += "\n";
    if (step.limits) text += "\n" + limits_sentence(*step.limits) + "\n";
    if (!step.deploy_first.empty()) text += "\n**Deploy first:** " + sql_comment_text(step.deploy_first) + "\n";
    for (const plan::Hazard &hazard : step.hazards) {
      text += fmt::format("\n> :warning: **{}**: {}\n", hazard_name(hazard.kind), sql_comment_text(hazard.reason));
    }
    std::string up;
    for (const std::string &statement : step.up) up += statement + ";\n";
    text += "\n" + fenced_block("sql", up);
    if (!step.down.empty()) {
      std::string down;
      for (const std::string &statement : step.down) down += statement + ";\n";
      text += "\n<details><summary>down</summary>\n\n" + fenced_block("sql", down) + "</details>\n";
    }
  }
  return text;
}

} // namespace schemadiff::emit
