#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/policies.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

void render_row_security(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, table] : catalog.tables) {
    std::vector<std::string> statements;
    if (table.row_security) statements.push_back("ALTER TABLE " + qualified(name) + " ENABLE ROW LEVEL SECURITY");
    // FORCE stands on its own: it makes the owner subject to the policies.
    if (table.force_row_security) {
      statements.push_back("ALTER TABLE " + qualified(name) + " FORCE ROW LEVEL SECURITY");
    }
    script.add("row level security on " + qualified(name), statements);
  }
  for (const auto &[key, policy] : catalog.policies) {
    script.add(fmt::format("policy {} on {}", pg::quote_ident(key.name), qualified(key.table)),
               {plan::ddl::create_policy(policy)});
  }
}

} // namespace schemadiff::emit
