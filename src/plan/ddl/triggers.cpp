#include "schemadiff/plan/ddl/triggers.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

namespace {

// ALTER TABLE's words for a firing state (tgenabled).
const char *enable_form(model::TriggerEnabled enabled) {
  switch (enabled) {
  case model::TriggerEnabled::Origin:
    return "ENABLE TRIGGER";
  case model::TriggerEnabled::Disabled:
    return "DISABLE TRIGGER";
  case model::TriggerEnabled::Replica:
    return "ENABLE REPLICA TRIGGER";
  case model::TriggerEnabled::Always:
    return "ENABLE ALWAYS TRIGGER";
  }
  return "ENABLE TRIGGER";
}

} // namespace

std::vector<std::string> create_trigger(const model::Trigger &trigger) {
  std::vector<std::string> statements{without_terminator(trigger.definition)};
  if (trigger.enabled != model::TriggerEnabled::Origin) statements.push_back(set_trigger_enabled(trigger));
  return statements;
}

std::string set_trigger_enabled(const model::Trigger &trigger) {
  return fmt::format("ALTER TABLE {} {} {}", qualified(trigger.key.table), enable_form(trigger.enabled),
                     pg::quote_ident(trigger.key.name));
}

std::string trigger_target(const model::TableMemberKey &key) {
  return fmt::format("TRIGGER {} ON {}", pg::quote_ident(key.name), qualified(key.table));
}

} // namespace schemadiff::plan::ddl
