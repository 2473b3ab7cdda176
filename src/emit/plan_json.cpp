#include "schemadiff/emit/plan_render.hpp"

#include <nlohmann/json.hpp>

namespace schemadiff::emit {

std::string render_plan_json(const plan::Plan &plan) {
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const plan::Step &step : plan) {
    nlohmann::ordered_json hazards = nlohmann::ordered_json::array();
    for (const plan::Hazard &hazard : step.hazards) {
      hazards.push_back({{"kind", hazard_name(hazard.kind)}, {"reason", hazard.reason}});
    }
    nlohmann::ordered_json entry;
    entry["phase"] = phase_name(step.phase);
    entry["summary"] = step.summary;
    entry["up"] = step.up;
    entry["down"] = step.down;
    entry["transactional"] = step.transactional;
    entry["lock"] = lock_name(step.lock);
    entry["locked_relation"] = step.locked_relation
                                   ? nlohmann::ordered_json{{"schema", step.locked_relation->schema},
                                                            {"name", step.locked_relation->name}}
                                   : nlohmann::ordered_json(nullptr);
    entry["limits"] = step.limits ? nlohmann::ordered_json{{"lock_timeout", step.limits->lock_timeout},
                                                           {"statement_timeout", step.limits->statement_timeout}}
                                  : nlohmann::ordered_json(nullptr);
    entry["relation_in_use"] = step.relation_in_use;
    entry["retry_cleanup"] =
        step.retry_cleanup.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(step.retry_cleanup);
    entry["deploy_first"] =
        step.deploy_first.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(step.deploy_first);
    entry["hazards"] = hazards;
    entry["estimated_rows"] = step.estimated_rows ? nlohmann::ordered_json(*step.estimated_rows) : nullptr;
    steps.push_back(entry);
  }
  return nlohmann::ordered_json{{"changes", !plan.empty()}, {"steps", steps}}.dump(2) + "\n";
}

} // namespace schemadiff::emit
