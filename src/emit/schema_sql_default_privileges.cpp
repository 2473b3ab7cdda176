#include "schema_sql_sections.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/default_privileges.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

void render_default_privileges(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, defaults] : catalog.default_privileges) {
    const model::Privileges baseline = plan::ddl::default_privilege_baseline(key, catalog.server_version_num);
    script.add(fmt::format("default privileges for role {}{} on {}", pg::quote_ident(key.role),
                           key.schema.empty() ? "" : " in schema " + pg::quote_ident(key.schema),
                           plan::ddl::default_privilege_objects(key.object_type)),
               plan::ddl::default_privilege_statements(key, defaults.privileges, baseline));
  }
}

} // namespace schemadiff::emit
