#include "statement_names.hpp"

#include <algorithm>
#include <set>

namespace schemadiff::source {

namespace {

using nlohmann::json;

const std::string default_schema = "public";

bool is_system_schema(const std::string &schema) {
  return schema == "pg_catalog" || schema == "information_schema";
}

// ["s", "t"] or ["t"]: the strings of a name list such as TypeName.names.
std::vector<std::string> strings_of(const json &list) {
  std::vector<std::string> parts;
  for (const json &item : list) {
    if (!item.is_object() || !item.contains("String")) return {};
    parts.push_back(item["String"].value("sval", ""));
  }
  return parts;
}

std::optional<ObjectName> qualified(const std::vector<std::string> &parts) {
  if (parts.empty()) return std::nullopt;
  if (parts.size() == 1) return ObjectName{default_schema, parts[0]};
  return ObjectName{parts[parts.size() - 2], parts.back()};
}

ObjectName relation_name(const json &range_var) {
  return ObjectName{range_var.value("schemaname", default_schema), range_var.value("relname", "")};
}

// 'public.t_id_seq'::regclass, as in DEFAULT nextval('...'::regclass).
std::optional<ObjectName> regclass_literal(const json &type_cast) {
  const auto names = strings_of(type_cast["typeName"].value("names", json::array()));
  if (names.empty() || names.back() != "regclass") return std::nullopt;
  const json &argument = type_cast["arg"];
  if (!argument.contains("A_Const")) return std::nullopt;
  const std::string text = argument["A_Const"].value("sval", json::object()).value("sval", "");
  if (text.empty() || text.find('"') != std::string::npos) return std::nullopt;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot; (dot = text.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(text.substr(start, dot - start));
  }
  parts.push_back(text.substr(start));
  for (std::string &part : parts) std::transform(part.begin(), part.end(), part.begin(), ::tolower);
  return qualified(parts);
}

// Keys whose value is a list of name parts that refers to an object.
bool names_an_object(const std::string &key) {
  static const std::set<std::string> keys = {"names", "funcname", "objname", "collname", "opclass", "defnames"};
  return keys.contains(key);
}

class ReferenceCollector {
public:
  explicit ReferenceCollector(StatementNames &names) : names_(names) {}

  void walk(const json &node, const std::string &key = "") {
    if (node.is_array()) {
      if (names_an_object(key)) add_list(node);
      if (key == "items") add_every_reading(node);
      for (const json &child : node) walk(child);
      return;
    }
    if (!node.is_object()) return;
    if (node.contains("relname")) add(relation_name(node));
    // COMMENT ON SCHEMA s, COMMENT ON EXTENSION e, GRANT ... ON SCHEMA s.
    if ((key == "object" || key == "objects") && node.contains("String")) {
      const std::string name = node["String"].value("sval", "");
      add(ObjectName{name, ""});
      add(ObjectName{"", name});
    }
    if (key == "TypeCast") {
      if (const auto sequence = regclass_literal(node)) add(*sequence);
    }
    if (key == "Constraint" && node.value("contype", "") == "CONSTR_FOREIGN" && collecting_inline_keys_) {
      return; // recorded as an InlineForeignKey by the caller
    }
    if (key == "DefElem" && node.value("defname", "") == "schema" && node.contains("arg")) {
      const json &argument = node["arg"];
      if (argument.contains("String")) add(ObjectName{argument["String"].value("sval", ""), ""});
    }
    for (const auto &[child_key, child] : node.items()) walk(child, child_key);
  }

  bool collecting_inline_keys_ = false;

private:
  void add_list(const json &list) {
    if (const auto name = qualified(strings_of(list))) add(*name);
  }

  // COMMENT ON COLUMN t.c / s.t.c / CONSTRAINT c ON s.t: which part is the
  // object's name depends on the kind, so every reading is a requirement.
  // Such statements are leaves of the graph: extra edges cannot make a cycle.
  void add_every_reading(const json &list) {
    const std::vector<std::string> parts = strings_of(list);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      add(ObjectName{default_schema, parts[i]});
      if (i + 1 < parts.size()) add(ObjectName{parts[i], parts[i + 1]});
    }
  }

  void add(const ObjectName &name) {
    if (name.name.empty() && name.schema.empty()) return;
    if (is_system_schema(name.schema)) return;
    names_.requires_names.push_back(name);
    if (!name.name.empty() && !name.schema.empty()) names_.requires_names.push_back(ObjectName{name.schema, ""});
  }

  StatementNames &names_;
};

std::optional<ObjectName> created_object(const SourceStatement &statement) {
  const json &node = statement.node;
  const std::string &kind = statement.kind;
  if (kind == "CreateSchemaStmt") return ObjectName{node.value("schemaname", ""), ""};
  if (kind == "CreateExtensionStmt") return ObjectName{"", node.value("extname", "")};
  if (kind == "CreateStmt" || kind == "CreateSeqStmt") {
    return relation_name(node[kind == "CreateStmt" ? "relation" : "sequence"]);
  }
  if (kind == "ViewStmt") return relation_name(node["view"]);
  if (kind == "CreateTableAsStmt") return relation_name(node["into"]["rel"]);
  if (kind == "CompositeTypeStmt") return relation_name(node["typevar"]);
  if (kind == "IndexStmt" && node.contains("idxname")) {
    return ObjectName{relation_name(node["relation"]).schema, node.value("idxname", "")};
  }
  if (kind == "CreateEnumStmt" || kind == "CreateRangeStmt") return qualified(strings_of(node["typeName"]));
  if (kind == "CreateDomainStmt") return qualified(strings_of(node["domainname"]));
  if (kind == "CreateFunctionStmt") return qualified(strings_of(node["funcname"]));
  if (kind == "DefineStmt") return qualified(strings_of(node["defnames"]));
  return std::nullopt;
}

void collect_inline_foreign_keys(const json &create_table, StatementNames &names) {
  for (const json &element : create_table.value("tableElts", json::array())) {
    if (element.contains("Constraint") && element["Constraint"].value("contype", "") == "CONSTR_FOREIGN") {
      const json &constraint = element["Constraint"];
      names.foreign_keys.push_back(InlineForeignKey{constraint.value("location", std::size_t{0}), std::nullopt, 0,
                                                    relation_name(constraint["pktable"])});
    }
    if (!element.contains("ColumnDef")) continue;
    const json &column = element["ColumnDef"];
    if (!column.contains("constraints")) continue;
    const json &list = column["constraints"];
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json &constraint = list[i]["Constraint"];
      if (constraint.value("contype", "") != "CONSTR_FOREIGN") continue;
      // DEFERRABLE and INITIALLY ... follow as attribute nodes of their own.
      std::size_t next = 0;
      for (std::size_t j = i + 1; j < list.size() && next == 0; ++j) {
        const std::string type = list[j]["Constraint"].value("contype", "");
        if (!type.starts_with("CONSTR_ATTR_")) next = list[j]["Constraint"].value("location", std::size_t{0});
      }
      names.foreign_keys.push_back(
          InlineForeignKey{constraint.value("location", std::size_t{0}), column.value("colname", ""), next,
                           relation_name(constraint["pktable"])});
    }
  }
}

} // namespace

StatementNames names_of(const SourceStatement &statement) {
  StatementNames names;
  names.is_extension = statement.kind == "CreateExtensionStmt";
  if (const auto created = created_object(statement); created && !is_system_schema(created->schema)) {
    names.provides.push_back(*created);
    // A table is also a type; a range type also makes its multirange.
    if (!created->name.empty() && !created->schema.empty()) {
      names.requires_names.push_back(ObjectName{created->schema, ""});
    }
  }
  ReferenceCollector collector(names);
  if (statement.kind == "CreateStmt") {
    collector.collecting_inline_keys_ = true;
    collect_inline_foreign_keys(statement.node, names);
  }
  collector.walk(statement.node, statement.kind);
  // What a statement creates is no requirement of its own.
  std::erase_if(names.requires_names, [&](const ObjectName &name) {
    return std::find(names.provides.begin(), names.provides.end(), name) != names.provides.end();
  });
  std::sort(names.requires_names.begin(), names.requires_names.end());
  names.requires_names.erase(std::unique(names.requires_names.begin(), names.requires_names.end()),
                             names.requires_names.end());
  return names;
}

} // namespace schemadiff::source
