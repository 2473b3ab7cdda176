#include "schemadiff/plan/ddl/fragments.hpp"

#include "schemadiff/pg/quote.hpp"

#include <algorithm>

namespace schemadiff::plan::ddl {

namespace {

bool is_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c == '"' || u >= 0x80;
}

bool is_plain_value(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

} // namespace

std::string qualified(const model::QualifiedName &name) { return pg::quote_qualified(name.schema, name.name); }

std::string routine_signature(const model::RoutineKey &key) {
  return pg::quote_qualified(key.schema, key.name) + "(" + key.identity_arguments + ")";
}

std::string aggregate_signature(const model::RoutineKey &key) {
  const std::string arguments = key.identity_arguments.empty() ? "*" : key.identity_arguments;
  return pg::quote_qualified(key.schema, key.name) + "(" + arguments + ")";
}

std::string role_name(std::string_view role) { return role == "PUBLIC" ? "PUBLIC" : pg::quote_ident(role); }

std::string without_terminator(std::string_view definition) {
  const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  while (!definition.empty() && is_space(definition.back())) definition.remove_suffix(1);
  if (!definition.empty() && definition.back() == ';') definition.remove_suffix(1);
  while (!definition.empty() && is_space(definition.back())) definition.remove_suffix(1);
  return std::string(definition);
}

std::string storage_options(const std::vector<std::string> &options) {
  std::string list;
  for (const std::string &option : options) {
    if (!list.empty()) list += ", ";
    const auto equals = option.find('=');
    if (equals == std::string::npos) {
      list += option;
      continue;
    }
    const std::string_view value = std::string_view(option).substr(equals + 1);
    list += option.substr(0, equals) + "=" + (is_plain_value(value) ? std::string(value) : pg::quote_literal(value));
  }
  return list;
}

bool mentions(std::string_view text, std::string_view name) {
  if (name.empty()) return false;
  for (auto at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || (!is_name_char(text[at - 1]) && text[at - 1] != '.');
    const std::size_t end = at + name.size();
    const bool ends = end == text.size() || !is_name_char(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

namespace {

// A DO block running `statements` when `condition` holds, dollar-quoted by
// a tag that none of them contains.
std::string guarded_block(const std::string &condition, const std::vector<std::string> &statements) {
  const auto contains = [&](const std::string &tag) {
    return condition.find(tag) != std::string::npos ||
           std::any_of(statements.begin(), statements.end(),
                       [&tag](const std::string &statement) { return statement.find(tag) != std::string::npos; });
  };
  std::string tag = "$schemadiff_guard$";
  for (int n = 1; contains(tag); ++n) tag = "$schemadiff_guard_" + std::to_string(n) + "$";
  std::string block = "DO " + tag + "\nBEGIN\n  IF " + condition + " THEN\n";
  for (const std::string &statement : statements) block += "    " + statement + ";\n";
  return block + "  END IF;\nEND\n" + tag;
}

} // namespace

std::string if_not_exists(std::string_view create_statement) {
  for (const std::string_view prefix : {std::string_view("CREATE TABLE "), std::string_view("CREATE UNLOGGED TABLE "),
                                        std::string_view("CREATE INDEX "), std::string_view("CREATE UNIQUE INDEX "),
                                        std::string_view("CREATE SEQUENCE "), std::string_view("CREATE SCHEMA "),
                                        std::string_view("CREATE MATERIALIZED VIEW "),
                                        std::string_view("CREATE COLLATION ")}) {
    if (create_statement.starts_with(prefix) && !create_statement.substr(prefix.size()).starts_with("IF NOT EXISTS ")) {
      return std::string(prefix) + "IF NOT EXISTS " + std::string(create_statement.substr(prefix.size()));
    }
  }
  return std::string(create_statement);
}

std::string or_replace(std::string_view create_statement) {
  constexpr std::string_view create = "CREATE ";
  for (const std::string_view kind : {std::string_view("VIEW "), std::string_view("RECURSIVE VIEW "),
                                      std::string_view("AGGREGATE ")}) {
    if (create_statement.starts_with(std::string(create) + std::string(kind))) {
      return "CREATE OR REPLACE " + std::string(create_statement.substr(create.size()));
    }
  }
  return std::string(create_statement);
}

std::string drop_if_exists(std::string_view target) {
  const auto is_kind_word = [](std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  std::size_t end = 0;
  while (end < target.size()) {
    const std::size_t space = target.find(' ', end);
    if (space == std::string_view::npos || !is_kind_word(target.substr(end, space - end))) break;
    end = space + 1;
  }
  return "DROP " + std::string(target.substr(0, end)) + "IF EXISTS " + std::string(target.substr(end));
}

std::string type_exists(const model::QualifiedName &type) {
  return "SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = " +
         pg::quote_literal(type.schema) + " AND t.typname = " + pg::quote_literal(type.name);
}

std::string trigger_exists(const model::TableMemberKey &trigger) {
  return "SELECT FROM pg_trigger WHERE tgrelid = to_regclass(" + pg::quote_literal(qualified(trigger.table)) +
         ") AND tgname = " + pg::quote_literal(trigger.name);
}

std::string policy_exists(const model::TableMemberKey &policy) {
  return "SELECT FROM pg_policy WHERE polrelid = to_regclass(" + pg::quote_literal(qualified(policy.table)) +
         ") AND polname = " + pg::quote_literal(policy.name);
}

std::string column_exists(const model::QualifiedName &relation, std::string_view column) {
  return "SELECT FROM pg_attribute WHERE attrelid = to_regclass(" + pg::quote_literal(qualified(relation)) +
         ") AND attname = " + pg::quote_literal(column) + " AND NOT attisdropped";
}

std::string unless_exists(const std::string &exists_query, const std::string &statement) {
  return guarded_block("NOT EXISTS (" + exists_query + ")", {statement});
}

std::string only_while(const std::string &condition, const std::vector<std::string> &statements) {
  return guarded_block(condition, statements);
}

std::string relation_exists(const model::QualifiedName &relation) {
  return "to_regclass(" + pg::quote_literal(qualified(relation)) + ") IS NOT NULL";
}

std::string nothing_depends_on(const model::QualifiedName &relation) {
  const std::string oid = "to_regclass(" + pg::quote_literal(qualified(relation)) + ")";
  return "NOT EXISTS (SELECT FROM pg_depend d WHERE d.deptype = 'n' AND ((d.refclassid = 'pg_class'::regclass AND "
         "d.refobjid = " + oid + ") OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM "
         "pg_class WHERE oid = " + oid + "))) AND NOT (d.classid = 'pg_rewrite'::regclass AND d.objid IN (SELECT oid "
         "FROM pg_rewrite WHERE ev_class = " + oid + ")))";
}

std::string invalid_index_cleanup(const model::QualifiedName &index, const std::string &lock_timeout) {
  return guarded_block(
      "EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass(" + pg::quote_literal(qualified(index)) +
          ") AND NOT indisvalid)",
      {"SET LOCAL lock_timeout = " + pg::quote_literal(lock_timeout), "DROP INDEX " + qualified(index)});
}

std::string constraint_exists(const model::QualifiedName &table, std::string_view constraint) {
  return "SELECT FROM pg_constraint WHERE conrelid = to_regclass(" + pg::quote_literal(qualified(table)) +
         ") AND conname = " + pg::quote_literal(constraint);
}

std::string concurrently(std::string_view index_definition) {
  for (const std::string_view prefix : {std::string_view("CREATE UNIQUE INDEX "), std::string_view("CREATE INDEX ")}) {
    if (index_definition.starts_with(prefix)) {
      return std::string(prefix) + "CONCURRENTLY IF NOT EXISTS " + std::string(index_definition.substr(prefix.size()));
    }
  }
  return std::string(index_definition);
}

std::string with_index_name(std::string_view index_definition, std::string_view name) {
  for (const std::string_view prefix : {std::string_view("CREATE UNIQUE INDEX "), std::string_view("CREATE INDEX ")}) {
    if (!index_definition.starts_with(prefix)) continue;
    std::size_t end = prefix.size();
    if (end < index_definition.size() && index_definition[end] == '"') {
      // A quoted name ends at the quote that is not doubled.
      for (++end; end < index_definition.size(); ++end) {
        if (index_definition[end] != '"') continue;
        if (end + 1 < index_definition.size() && index_definition[end + 1] == '"') {
          ++end;
          continue;
        }
        ++end;
        break;
      }
    } else {
      end = index_definition.find(' ', end);
      if (end == std::string_view::npos) return std::string(index_definition);
    }
    return std::string(prefix) + pg::quote_ident(name) + std::string(index_definition.substr(end));
  }
  return std::string(index_definition);
}

std::string within_name_limit(std::string_view name, std::size_t max_bytes) {
  if (name.size() <= max_bytes) return std::string(name);
  std::size_t end = max_bytes;
  // Continuation bytes are 10xxxxxx: back up to the first byte of the character.
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return std::string(name.substr(0, end));
}

} // namespace schemadiff::plan::ddl
