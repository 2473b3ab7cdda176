#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

// ALTER TABLE's word for a trigger's firing state (tgenabled); a new
// trigger fires on origin and local sessions and needs none.
const char *enable_form(model::TriggerEnabled enabled) {
  switch (enabled) {
  case model::TriggerEnabled::Origin:
    return nullptr;
  case model::TriggerEnabled::Disabled:
    return "DISABLE TRIGGER";
  case model::TriggerEnabled::Replica:
    return "ENABLE REPLICA TRIGGER";
  case model::TriggerEnabled::Always:
    return "ENABLE ALWAYS TRIGGER";
  }
  return nullptr;
}

} // namespace

void render_triggers(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, trigger] : catalog.triggers) {
    const std::string name = pg::quote_ident(key.name);
    const std::string table = qualified(key.table);
    std::vector<std::string> statements = {without_terminator(trigger.definition)};
    if (const char *form = enable_form(trigger.enabled)) {
      statements.push_back(fmt::format("ALTER TABLE {} {} {}", table, form, name));
    }
    script.add(fmt::format("trigger {} on {}", name, table), statements);
  }
}

} // namespace schemadiff::emit
