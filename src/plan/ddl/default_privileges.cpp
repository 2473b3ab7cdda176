#include "schemadiff/plan/ddl/default_privileges.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

namespace {

using model::Privileges;

struct ObjectTypeRule {
  char code;                       // defaclobjtype
  const char *objects;             // ALTER DEFAULT PRIVILEGES ... ON <objects>
  std::vector<const char *> owner; // what the creating role gets by itself (acldefault)
  const char *for_public;          // what PUBLIC gets by itself, or nullptr
};

const std::vector<ObjectTypeRule> &object_type_rules() {
  static const std::vector<ObjectTypeRule> rules = {
      {'r', "TABLES", {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"}, nullptr},
      {'S', "SEQUENCES", {"SELECT", "UPDATE", "USAGE"}, nullptr},
      {'f', "FUNCTIONS", {"EXECUTE"}, "EXECUTE"},
      {'T', "TYPES", {"USAGE"}, "USAGE"},
      {'n', "SCHEMAS", {"CREATE", "USAGE"}, nullptr},
      {'L', "LARGE OBJECTS", {"SELECT", "UPDATE"}, nullptr},
  };
  return rules;
}

const ObjectTypeRule *rule_of(char object_type) {
  for (const ObjectTypeRule &rule : object_type_rules()) {
    if (rule.code == object_type) return &rule;
  }
  return nullptr;
}

} // namespace

std::string default_privilege_objects(char object_type) {
  const ObjectTypeRule *rule = rule_of(object_type);
  return rule ? rule->objects : std::string(1, object_type);
}

Privileges default_privilege_baseline(const model::DefaultPrivilegeKey &key, int server_version_num) {
  const ObjectTypeRule *rule = rule_of(key.object_type);
  if (!key.schema.empty() || rule == nullptr) return {};
  Privileges baseline;
  for (const char *privilege : rule->owner) baseline.push_back({key.role, privilege, false});
  // MAINTAIN is a table privilege from PostgreSQL 17 on.
  if (key.object_type == 'r' && server_version_num >= 170000) baseline.push_back({key.role, "MAINTAIN", false});
  if (rule->for_public) baseline.push_back({"PUBLIC", rule->for_public, false});
  return baseline;
}

std::vector<std::string> default_privilege_statements(const model::DefaultPrivilegeKey &key, const Privileges &to,
                                                      const Privileges &from) {
  const std::string role = pg::quote_ident(key.role);
  const std::string prefix = key.schema.empty() ? fmt::format("ALTER DEFAULT PRIVILEGES FOR ROLE {} ", role)
                                                : fmt::format("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} ",
                                                              role, pg::quote_ident(key.schema));
  std::vector<std::string> statements = grant_statements(default_privilege_objects(key.object_type), to, from);
  for (std::string &statement : statements) statement = prefix + statement;
  return statements;
}

} // namespace schemadiff::plan::ddl
