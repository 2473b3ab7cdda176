#include "statement_rules.hpp"

#include "schemadiff/error.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

struct KindRule {
  std::string name;
  bool allowed;
  std::string why_not; // for refused kinds
};

const std::string changes_data = "it changes data; a declarative schema holds only definitions";
const std::string changes_state =
    "it changes existing state; write the object as it should be in its CREATE statement instead";

// Node types of the PostgreSQL grammar, by what a schema file may do with them.
const std::map<std::string, KindRule> &kind_rules() {
  static const std::map<std::string, KindRule> rules = {
      {"CreateSchemaStmt", {"CREATE SCHEMA", true, ""}},
      {"CreateExtensionStmt", {"CREATE EXTENSION", true, ""}},
      {"CreateEnumStmt", {"CREATE TYPE ... AS ENUM", true, ""}},
      {"CompositeTypeStmt", {"CREATE TYPE ... AS (...)", true, ""}},
      {"CreateDomainStmt", {"CREATE DOMAIN", true, ""}},
      {"CreateRangeStmt", {"CREATE TYPE ... AS RANGE", true, ""}},
      {"CreateSeqStmt", {"CREATE SEQUENCE", true, ""}},
      {"CreateStmt", {"CREATE TABLE", true, ""}},
      {"IndexStmt", {"CREATE INDEX", true, ""}},
      {"ViewStmt", {"CREATE VIEW", true, ""}},
      {"CreateFunctionStmt", {"CREATE FUNCTION", true, ""}},
      {"CreateTrigStmt", {"CREATE TRIGGER", true, ""}},
      {"CreatePolicyStmt", {"CREATE POLICY", true, ""}},
      {"CommentStmt", {"COMMENT ON", true, ""}},
      {"GrantStmt", {"GRANT/REVOKE", true, ""}},
      {"AlterDefaultPrivilegesStmt", {"ALTER DEFAULT PRIVILEGES", true, ""}},
      {"VariableSetStmt", {"SET", true, ""}},
      {"AlterOwnerStmt", {"ALTER ... OWNER TO", true, ""}},
      // Checked further below: only some forms are allowed.
      {"DefineStmt", {"CREATE", true, ""}},
      {"CreateTableAsStmt", {"CREATE MATERIALIZED VIEW", true, ""}},
      {"AlterTableStmt", {"ALTER TABLE", true, ""}},
      {"AlterSeqStmt", {"ALTER SEQUENCE", true, ""}},
      {"SelectStmt", {"SELECT", true, ""}},
      // Refused.
      {"InsertStmt", {"INSERT", false, changes_data}},
      {"UpdateStmt", {"UPDATE", false, changes_data}},
      {"DeleteStmt", {"DELETE", false, changes_data}},
      {"MergeStmt", {"MERGE", false, changes_data}},
      {"CopyStmt", {"COPY", false, changes_data}},
      {"TruncateStmt", {"TRUNCATE", false, changes_data}},
      {"DropStmt", {"DROP", false, "to drop an object, delete its CREATE statement from the schema"}},
      {"DoStmt", {"DO", false, "it runs arbitrary code whose effect cannot be known before it runs"}},
      {"CallStmt", {"CALL", false, "it runs a procedure; a declarative schema holds only definitions"}},
      {"CreateRoleStmt", {"CREATE ROLE", false, "roles belong to the whole cluster, not to a database's schema"}},
      {"AlterRoleStmt", {"ALTER ROLE", false, "roles belong to the whole cluster, not to a database's schema"}},
      {"DropRoleStmt", {"DROP ROLE", false, "roles belong to the whole cluster, not to a database's schema"}},
      {"GrantRoleStmt", {"GRANT role", false, "role membership belongs to the whole cluster, not to a database"}},
      {"CreatedbStmt", {"CREATE DATABASE", false, "schemadiff manages the schema inside one database"}},
      {"TransactionStmt", {"BEGIN/COMMIT", false, "schemadiff decides how migrations use transactions"}},
      {"RenameStmt", {"ALTER ... RENAME", false, "a rename changes existing state; declare it in [renames] in schemadiff.toml"}},
      {"AlterEnumStmt", {"ALTER TYPE ... ADD VALUE", false, "list every label in the CREATE TYPE ... AS ENUM instead"}},
      {"AlterDomainStmt", {"ALTER DOMAIN", true, ""}},
      {"AlterFunctionStmt", {"ALTER FUNCTION", false, changes_state}},
      {"AlterExtensionStmt", {"ALTER EXTENSION", false, "state the wanted version in CREATE EXTENSION ... VERSION"}},
      {"AlterObjectSchemaStmt", {"ALTER ... SET SCHEMA", false, changes_state}},
      {"VacuumStmt", {"VACUUM/ANALYZE", false, "it is maintenance, not schema"}},
      {"RefreshMatViewStmt", {"REFRESH MATERIALIZED VIEW", false, changes_data}},
  };
  return rules;
}

// ALTER TABLE forms that pg_dump --schema-only writes to state what a CREATE
// TABLE could not (or that it splits out of it).
const std::set<std::string> &allowed_alter_table_forms() {
  static const std::set<std::string> forms = {
      "AT_AddConstraint", "AT_ColumnDefault", "AT_AddIdentity", "AT_EnableRowSecurity", "AT_ForceRowSecurity",
      "AT_AttachPartition", "AT_ChangeOwner", "AT_ReplicaIdentity", "AT_ClusterOn", "AT_SetStatistics",
      "AT_SetOptions", "AT_SetRelOptions", "AT_SetStorage", "AT_SetCompression", "AT_EnableTrig", "AT_DisableTrig",
      "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig",
  };
  return forms;
}

std::string last_name(const nlohmann::json &names) {
  if (!names.is_array() || names.empty()) return "";
  return names.back().value("String", nlohmann::json::object()).value("sval", "");
}

[[noreturn]] void refuse(const SourceStatement &statement, const std::string &name, const std::string &why) {
  throw Error(fmt::format("{} is not allowed in a schema file: {}", name, why), statement.location.describe());
}

void check_alter_table(const SourceStatement &statement) {
  for (const auto &command : statement.node.value("cmds", nlohmann::json::array())) {
    const std::string form = command["AlterTableCmd"].value("subtype", "");
    if (!allowed_alter_table_forms().contains(form)) {
      refuse(statement, fmt::format("ALTER TABLE ({})", form.substr(3)), changes_state);
    }
  }
}

void check_alter_sequence(const SourceStatement &statement) {
  for (const auto &option : statement.node.value("options", nlohmann::json::array())) {
    if (option["DefElem"].value("defname", "") != "owned_by") {
      refuse(statement, "ALTER SEQUENCE", "only OWNED BY is allowed; state the other options in CREATE SEQUENCE");
    }
  }
}

// pg_dump starts with SELECT pg_catalog.set_config('search_path', '', false).
void check_select(const SourceStatement &statement) {
  const auto &node = statement.node;
  const auto targets = node.value("targetList", nlohmann::json::array());
  const bool only_set_config = !node.contains("fromClause") && targets.size() == 1 &&
                               last_name(targets[0]["ResTarget"]["val"].value("FuncCall", nlohmann::json::object())
                                             .value("funcname", nlohmann::json::array())) == "set_config";
  if (!only_set_config) refuse(statement, "SELECT", "it reads data; only SELECT pg_catalog.set_config(...) is allowed");
}

// The forms that state a domain's parts apart from CREATE DOMAIN, as
// `inspect` and pg_dump write a NOT VALID check or one calling a function:
// ADD CONSTRAINT ('C'), SET DEFAULT ('T'), SET NOT NULL ('O').
void check_alter_domain(const SourceStatement &statement) {
  const std::string form = statement.node.value("subtype", "");
  if (form != "C" && form != "T" && form != "O") refuse(statement, "ALTER DOMAIN", changes_state);
}

void check_define(const SourceStatement &statement) {
  const std::string kind = statement.node.value("kind", "");
  if (kind != "OBJECT_COLLATION" && kind != "OBJECT_AGGREGATE") {
    refuse(statement, fmt::format("CREATE {}", kind.substr(7)), "schemadiff does not manage this kind of object");
  }
}

void check_create_table_as(const SourceStatement &statement) {
  if (statement.node.value("objtype", "") != "OBJECT_MATVIEW") refuse(statement, "CREATE TABLE AS", changes_data);
}

} // namespace

std::string statement_name(const SourceStatement &statement) {
  const auto rule = kind_rules().find(statement.kind);
  return rule == kind_rules().end() ? statement.kind : rule->second.name;
}

void check_declarative(const SourceStatement &statement) {
  const auto rule = kind_rules().find(statement.kind);
  if (rule == kind_rules().end()) {
    refuse(statement, statement.kind, "it is not a statement that defines schema state");
  }
  if (!rule->second.allowed) refuse(statement, rule->second.name, rule->second.why_not);
  if (statement.kind == "AlterTableStmt") check_alter_table(statement);
  if (statement.kind == "AlterSeqStmt") check_alter_sequence(statement);
  if (statement.kind == "SelectStmt") check_select(statement);
  if (statement.kind == "DefineStmt") check_define(statement);
  if (statement.kind == "AlterDomainStmt") check_alter_domain(statement);
  if (statement.kind == "CreateTableAsStmt") check_create_table_as(statement);
}

bool is_session_or_ownership(const SourceStatement &statement) {
  if (statement.kind == "VariableSetStmt" || statement.kind == "SelectStmt" || statement.kind == "AlterOwnerStmt") {
    return true;
  }
  if (statement.kind != "AlterTableStmt") return false;
  const auto commands = statement.node.value("cmds", nlohmann::json::array());
  return !commands.empty() && std::all_of(commands.begin(), commands.end(), [](const nlohmann::json &command) {
    return command["AlterTableCmd"].value("subtype", "") == "AT_ChangeOwner";
  });
}

} // namespace schemadiff::source
