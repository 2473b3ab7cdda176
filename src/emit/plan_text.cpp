#include "schemadiff/emit/plan_render.hpp"

#include "sql_comment.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

struct Palette {
  std::string bold, red, yellow, dim, reset;
};

Palette palette(bool colour) {
  if (!colour) return {};
  return {"\033[1m", "\033[31m", "\033[33m", "\033[2m", "\033[0m"};
}

bool is_severe(plan::HazardKind kind) {
  return kind == plan::HazardKind::DataLoss || kind == plan::HazardKind::Irreversible ||
         kind == plan::HazardKind::TableRewrite;
}

std::string indented(const std::string &text, const std::string &prefix) {
  std::string result = prefix;
  for (const char c : text) {
    result += c;
    if (c == '\n') result += prefix;
  }
  return result;
}

} // namespace

std::string render_plan_text(const plan::Plan &plan, bool colour) {
  const Palette p = palette(colour);
  if (plan.empty()) return "No changes: the database already matches the desired schema.\n";
  std::string text = fmt::format("{}Plan: {} step{}{}\n", p.bold, plan.size(), plan.size() == 1 ? "" : "s", p.reset);
  std::optional<plan::Phase> phase;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const plan::Step &step = plan[i];
    if (phase != step.phase) {
      phase = step.phase;
      text += fmt::format("\n{}== {} =={}\n", p.bold, phase_name(step.phase), p.reset);
    }
    // Summaries and hazards hold names: on one line, with control characters
    // shown rather than sent to the terminal.
    text += fmt::format("\n{}{}. {}{}\n", p.bold, i + 1, sql_comment_text(step.summary), p.reset);
    if (step.lock != plan::Lock::None) {
      const std::string relation =
          step.locked_relation ? pg::quote_qualified(step.locked_relation->schema, step.locked_relation->name) : "";
      text += fmt::format("   lock: {}{}", lock_name(step.lock),
                          relation.empty() ? "" : " on " + sql_comment_text(relation));
      if (step.estimated_rows && *step.estimated_rows >= 0) text += fmt::format(" (~{:.0f} rows)", *step.estimated_rows);
      text += "\n";
    }
    if (step.limits) text += "   " + limits_sentence(*step.limits) + "\n";
    if (!step.deploy_first.empty())
      text += fmt::format("   {}deploy first:{} {}\n", p.bold, p.reset, sql_comment_text(step.deploy_first));
    if (!step.transactional) text += "   runs outside a transaction block\n";
    for (const plan::Hazard &hazard : step.hazards) {
      const std::string &colour_code = is_severe(hazard.kind) ? p.red : p.yellow;
      text += fmt::format("   {}! {}: {}{}\n", colour_code, hazard_name(hazard.kind), sql_comment_text(hazard.reason),
                          p.reset);
    }
    for (const std::string &statement : step.up) text += indented(statement, "     ") + "\n";
    if (!step.down.empty()) {
      text += fmt::format("   {}down:{}\n", p.dim, p.reset);
      for (const std::string &statement : step.down) text += p.dim + indented(statement, "     ") + p.reset + "\n";
    }
  }
  return text;
}

} // namespace schemadiff::emit
