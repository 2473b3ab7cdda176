#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

using model::Privileges;

struct ObjectTypeRule {
  char code;                // defaclobjtype
  const char *objects;      // ALTER DEFAULT PRIVILEGES ... ON <objects>
  Privileges owner;         // what the creating role gets by itself (acldefault)
  bool public_gets_usage;   // types: USAGE for PUBLIC
  bool public_gets_execute; // functions: EXECUTE for PUBLIC
};

// PostgreSQL's built-in defaults per object type, owner first.
std::vector<ObjectTypeRule> object_type_rules(const std::string &role, int server_version_num) {
  Privileges table_owner = {{role, "DELETE", false}, {role, "INSERT", false},  {role, "REFERENCES", false},
                            {role, "SELECT", false}, {role, "TRIGGER", false}, {role, "TRUNCATE", false},
                            {role, "UPDATE", false}};
  // MAINTAIN is a table privilege from PostgreSQL 17 on.
  if (server_version_num >= 170000) table_owner.push_back({role, "MAINTAIN", false});
  return {
      {'r', "TABLES", table_owner, false, false},
      {'S', "SEQUENCES", {{role, "SELECT", false}, {role, "UPDATE", false}, {role, "USAGE", false}}, false, false},
      {'f', "FUNCTIONS", {{role, "EXECUTE", false}}, false, true},
      {'T', "TYPES", {{role, "USAGE", false}}, true, false},
      {'n', "SCHEMAS", {{role, "CREATE", false}, {role, "USAGE", false}}, false, false},
      {'L', "LARGE OBJECTS", {{role, "SELECT", false}, {role, "UPDATE", false}}, false, false},
  };
}

} // namespace

void render_default_privileges(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, defaults] : catalog.default_privileges) {
    const std::string role = pg::quote_ident(key.role);
    const std::string prefix = key.schema.empty() ? fmt::format("ALTER DEFAULT PRIVILEGES FOR ROLE {} ", role)
                                                  : fmt::format("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} ",
                                                                role, pg::quote_ident(key.schema));
    for (const ObjectTypeRule &rule : object_type_rules(key.role, catalog.server_version_num)) {
      if (rule.code != key.object_type) continue;
      // A schema's entry adds to the global defaults; a global entry
      // replaces the built-in ones, so what it lacks of them was revoked.
      Privileges baseline;
      if (key.schema.empty()) {
        baseline = rule.owner;
        if (rule.public_gets_usage) baseline.push_back({"PUBLIC", "USAGE", false});
        if (rule.public_gets_execute) baseline.push_back({"PUBLIC", "EXECUTE", false});
      }
      std::vector<std::string> statements = grant_statements(rule.objects, defaults.privileges, baseline);
      for (std::string &statement : statements) statement = prefix + statement;
      script.add(fmt::format("default privileges for role {}{} on {}", role,
                             key.schema.empty() ? "" : " in schema " + pg::quote_ident(key.schema), rule.objects),
                 statements);
    }
  }
}

} // namespace schemadiff::emit
