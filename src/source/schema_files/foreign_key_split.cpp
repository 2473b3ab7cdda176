#include "foreign_key_split.hpp"

#include "schemadiff/pg/quote.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace schemadiff::source {

namespace {

// The ',' at depth zero before `position`, scanning from the element list's start.
std::size_t comma_before(const std::string &text, std::size_t list_start, std::size_t position) {
  std::size_t comma = std::string::npos;
  for (std::size_t i = list_start; i < position;) {
    if (const std::size_t after = skip_quoted(text, i); after != i) {
      i = after;
      continue;
    }
    if (text[i] == '(') {
      i = element_end(text, i + 1) + 1; // over a nested list
      continue;
    }
    if (text[i] == ',') comma = i;
    ++i;
  }
  return comma;
}

std::string trimmed(std::string text) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

struct Cut {
  std::size_t begin;
  std::size_t end;
};

} // namespace

std::vector<SourceStatement> split_foreign_keys(SourceStatement &table, const std::vector<InlineForeignKey> &keys,
                                                const SchemaFile &file) {
  const std::string &text = file.text;
  const nlohmann::json &relation = table.node["relation"];
  const std::string table_name =
      relation.contains("schemaname")
          ? pg::quote_qualified(relation.value("schemaname", ""), relation.value("relname", ""))
          : pg::quote_ident(relation.value("relname", ""));
  const std::size_t list_start = text.find('(', relation.value("location", table.offset)) + 1;
  const LineIndex lines(file);

  std::vector<Cut> cuts;
  std::vector<SourceStatement> moved;
  for (const InlineForeignKey &key : keys) {
    const std::size_t start = key.location;
    std::size_t end = element_end(text, start);
    if (key.column && key.next_constraint != 0) end = std::min(end, key.next_constraint);
    std::string constraint = trimmed(text.substr(start, end - start));

    if (key.column) {
      // A column constraint names no column: say which, before REFERENCES.
      const std::size_t references = lower(constraint).find("references");
      constraint.insert(references, fmt::format("FOREIGN KEY ({}) ", pg::quote_ident(*key.column)));
      cuts.push_back(Cut{start, end});
    } else {
      const std::size_t comma = comma_before(text, list_start, start);
      // The first element takes its following comma with it instead.
      const bool first = comma == std::string::npos;
      cuts.push_back(first ? Cut{start, text[end] == ',' ? end + 1 : end} : Cut{comma, end});
    }
    SourceStatement statement;
    statement.location = lines.at_byte(start);
    statement.offset = start;
    statement.kind = "AlterTableStmt";
    statement.node = nlohmann::json::object();
    statement.text = fmt::format("ALTER TABLE {} ADD {}", table_name, constraint);
    moved.push_back(std::move(statement));
  }
  // Cut from the back so earlier offsets stay valid.
  std::sort(cuts.begin(), cuts.end(), [](const Cut &a, const Cut &b) { return a.begin > b.begin; });
  for (const Cut &cut : cuts) table.text.erase(cut.begin - table.offset, cut.end - cut.begin);
  return moved;
}

} // namespace schemadiff::source
