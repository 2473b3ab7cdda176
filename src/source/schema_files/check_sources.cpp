#include "check_sources.hpp"

#include <algorithm>
#include <cctype>

namespace schemadiff::source {

namespace {

using nlohmann::json;

bool starts_with_word(const std::string &text, std::size_t at, std::string_view word) {
  if (text.size() < at + word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
  }
  const std::size_t after = at + word.size();
  return after == text.size() || !(std::isalnum(static_cast<unsigned char>(text[after])) || text[after] == '_');
}

std::size_t skip_blank(const std::string &text, std::size_t at) {
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  return at;
}

// From "CONSTRAINT name CHECK (...)" or "CHECK (...)" at `start` up to
// `end`: the "CHECK (...)" part, or "" when the text is not shaped so.
std::string check_text(const std::string &text, std::size_t start, std::size_t end) {
  std::size_t at = skip_blank(text, start);
  if (starts_with_word(text, at, "constraint")) {
    at = skip_blank(text, at + 10);
    if (at < text.size() && text[at] == '"') {
      at = skip_quoted(text, at);
    } else {
      while (at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_' ||
                                  static_cast<unsigned char>(text[at]) >= 0x80)) {
        ++at;
      }
    }
    at = skip_blank(text, at);
  }
  if (!starts_with_word(text, at, "check") || end <= at) return "";
  std::string check = text.substr(at, end - at);
  while (!check.empty() && std::isspace(static_cast<unsigned char>(check.back()))) check.pop_back();
  return check;
}

model::ObjectRef constraint_ref(const json &relation, const std::string &name) {
  return model::ObjectRef{model::ObjectKind::Constraint, relation.value("schemaname", "public"),
                          relation.value("relname", ""), name};
}

void from_create_table(const std::string &text, const SourceStatement &statement,
                       std::map<model::ObjectRef, std::string> &sources) {
  const json &relation = statement.node["relation"];
  const std::string table = relation.value("relname", "");
  for (const json &element : statement.node.value("tableElts", json::array())) {
    if (element.contains("Constraint")) {
      const json &constraint = element["Constraint"];
      if (constraint.value("contype", "") != "CONSTR_CHECK" || !constraint.contains("conname")) continue;
      const std::size_t start = constraint.value("location", std::size_t{0});
      const std::string check = check_text(text, start, element_end(text, start));
      if (!check.empty()) sources[constraint_ref(relation, constraint.value("conname", ""))] = check;
      continue;
    }
    if (!element.contains("ColumnDef")) continue;
    const json &column = element["ColumnDef"];
    const json constraints = column.value("constraints", json::array());
    for (std::size_t i = 0; i < constraints.size(); ++i) {
      const json &constraint = constraints[i]["Constraint"];
      if (constraint.value("contype", "") != "CONSTR_CHECK") continue;
      const std::size_t start = constraint.value("location", std::size_t{0});
      std::size_t end = element_end(text, start);
      if (i + 1 < constraints.size()) end = std::min(end, constraints[i + 1]["Constraint"].value("location", end));
      const std::string name = constraint.contains("conname")
                                   ? constraint.value("conname", "")
                                   : table + "_" + column.value("colname", "") + "_check";
      const std::string check = check_text(text, start, end);
      if (!check.empty() && name.size() <= 63) sources[constraint_ref(relation, name)] = check;
    }
  }
}

} // namespace

std::map<model::ObjectRef, std::string> check_sources(const std::vector<SchemaFile> &files,
                                                      const std::vector<SourceStatement> &statements) {
  // Locations are offsets into the file as parsed (meta-commands blanked).
  std::map<std::string, std::string> parsed_text;
  for (const SchemaFile &file : files) parsed_text[file.name] = without_psql_meta_commands(file.text);
  std::map<model::ObjectRef, std::string> sources;
  for (const SourceStatement &statement : statements) {
    const auto text = parsed_text.find(statement.location.file);
    if (statement.kind == "CreateStmt" && text != parsed_text.end()) from_create_table(text->second, statement, sources);
  }
  return sources;
}

} // namespace schemadiff::source
