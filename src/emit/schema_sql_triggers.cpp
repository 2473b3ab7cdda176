#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/triggers.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

void render_triggers(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, trigger] : catalog.triggers) {
    const std::string name = pg::quote_ident(key.name);
    const std::string table = qualified(key.table);
    script.add(fmt::format("trigger {} on {}", name, table), plan::ddl::create_trigger(trigger));
  }
}

} // namespace schemadiff::emit
