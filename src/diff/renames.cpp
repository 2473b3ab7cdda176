// Which renames a plan makes: the [renames] entries checked against both
// catalogs, then the names that follow them.

#include "schemadiff/diff/renames.hpp"

#include "rename_sql.hpp"

#include "schemadiff/error.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace schemadiff::diff {

namespace {

using model::ObjectKind;
using model::QualifiedName;

[[noreturn]] void refuse(const std::string &key, const std::string &what, const std::string &hint) {
  throw Error(what, fmt::format("[renames] \"{}\"", key), hint);
}

// "schema.table.column" into its names; a name may be double-quoted
// ("My Table"), with "" for a quote inside.
std::vector<std::string> split_name(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' && quoted && i + 1 < text.size() && text[i + 1] == '"') {
      parts.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

std::string qualified(const QualifiedName &name) { return name.schema + "." + name.name; }

// The new name: one name, or the key with its last name changed.
std::string new_name(const std::string &key, const std::vector<std::string> &key_parts, const std::string &value) {
  const std::vector<std::string> parts = split_name(value);
  const bool same_prefix =
      parts.size() == key_parts.size() && std::equal(parts.begin(), parts.end() - 1, key_parts.begin());
  if ((parts.size() != 1 && !same_prefix) || parts.back().empty()) {
    refuse(key, fmt::format("the new name \"{}\" is not a name for {}", value, key),
           "give the new name alone: \"public.users.name\" = \"full_name\", \"public.accounts\" = \"customers\"");
  }
  return parts.back();
}

// The kind of relation the catalog has under the name.
std::optional<ObjectKind> relation_kind(const model::Catalog &catalog, const QualifiedName &name) {
  if (catalog.tables.contains(name)) return ObjectKind::Table;
  if (catalog.views.contains(name)) return ObjectKind::View;
  if (catalog.materialized_views.contains(name)) return ObjectKind::MaterializedView;
  if (catalog.sequences.contains(name)) return ObjectKind::Sequence;
  if (catalog.indexes.contains(name)) return ObjectKind::Index;
  return std::nullopt;
}

// Relations, indexes and composite types share one namespace per schema.
bool name_taken(const model::Catalog &catalog, const QualifiedName &name) {
  return relation_kind(catalog, name).has_value() || catalog.composite_types.contains(name);
}

const model::Table *table_in(const model::Catalog &catalog, const QualifiedName &name) {
  const auto table = catalog.tables.find(name);
  return table == catalog.tables.end() ? nullptr : &table->second;
}

constexpr std::string_view entry_hint =
    "an entry is the old name as the database has it = the new name as the schema files have it";

std::optional<Rename> relation_rename(const model::Catalog &current, const model::Catalog &desired,
                                      const std::string &key, const QualifiedName &from, const std::string &to) {
  const QualifiedName target{from.schema, to};
  const std::optional<ObjectKind> kind = relation_kind(current, from);
  if (!kind) {
    if (relation_kind(desired, target)) return std::nullopt; // already renamed
    if (current.enums.contains(from) || current.domains.contains(from) || current.composite_types.contains(from) ||
        current.range_types.contains(from)) {
      refuse(key,
             fmt::format("{} is a type: [renames] renames tables, views, materialized views, sequences, indexes "
                         "and columns",
                         qualified(from)),
             "rename the type with ALTER TYPE ... RENAME TO in a migration of its own");
    }
    refuse(key,
           fmt::format("the database has no {} and the schema files have no {}", qualified(from), qualified(target)),
           std::string(entry_hint));
  }
  if (relation_kind(desired, target) != kind) {
    refuse(key,
           fmt::format("the schema files have no {} {} to rename {} to", model::kind_name(*kind), qualified(target),
                       qualified(from)),
           fmt::format("rename it in the schema files too, or remove the entry; {}", entry_hint));
  }
  if (relation_kind(desired, from)) {
    refuse(key,
           fmt::format("the schema files still have {} as well as {}: renamed or kept?", qualified(from),
                       qualified(target)),
           "remove the old name from the schema files, or remove the [renames] entry");
  }
  if (name_taken(current, target)) {
    refuse(key,
           fmt::format("the database already has {}: {} cannot be renamed to it", qualified(target), qualified(from)),
           "drop or rename the existing one first, in a migration of its own");
  }
  return Rename{{*kind, from.schema, from.name, ""}, to, key};
}

std::optional<Rename> column_rename(const model::Catalog &current, const model::Catalog &desired,
                                    const std::string &key, const QualifiedName &table_name, const std::string &from,
                                    const std::string &to) {
  const model::Table *table = table_in(current, table_name);
  const model::Table *wanted = table_in(desired, table_name);
  const std::string old_name = qualified(table_name) + "." + from;
  const std::string new_name = qualified(table_name) + "." + to;
  if (current.views.contains(table_name) || current.materialized_views.contains(table_name)) {
    refuse(key, fmt::format("{} is a view: its columns are named by its query", qualified(table_name)),
           "name the column in the view's query in the schema files (SELECT name AS full_name), and remove the entry");
  }
  if (table == nullptr || table->column(from) == nullptr) {
    if (wanted != nullptr && wanted->column(to) != nullptr) return std::nullopt; // already renamed
    refuse(key, fmt::format("the database has no column {} and the schema files have no column {}", old_name, new_name),
           std::string(entry_hint));
  }
  if (wanted == nullptr || wanted->column(to) == nullptr) {
    refuse(key, fmt::format("the schema files have no column {} to rename {} to", new_name, old_name),
           fmt::format("rename it in the schema files too, or remove the entry; {}", entry_hint));
  }
  if (wanted->column(from) != nullptr) {
    refuse(key,
           fmt::format("the schema files still have column {} as well as {}: renamed or kept?", old_name, new_name),
           "remove the old column from the schema files, or remove the [renames] entry");
  }
  if (table->column(to) != nullptr) {
    refuse(key, fmt::format("the database already has column {}: {} cannot be renamed to it", new_name, old_name),
           "drop or rename the existing column first, in a migration of its own");
  }
  if (table->partition_of) {
    const model::Table *parent = table_in(current, table->partition_of->parent);
    if (parent != nullptr && parent->column(from) != nullptr) {
      refuse(key, fmt::format("column {} comes from the partitioned table {}", old_name, qualified(parent->name)),
             fmt::format("rename it there: \"{}.{}\" = \"{}\"", qualified(parent->name), from, to));
    }
  }
  return Rename{{ObjectKind::Column, table_name.schema, table_name.name, from}, to, key};
}

model::Index renamed_index(model::Index index, const std::string &to) {
  index.name.name = to;
  index.definition = rename_index_in_definition(index.definition, to);
  return index;
}

// Pairs the current catalog's objects the desired one lacks with the
// desired ones the current one lacks, when exactly one of each is alike.
template <typename Object, typename Alike>
std::vector<std::pair<const Object *, const Object *>>
pair_unmatched(const std::vector<const Object *> &current, const std::vector<const Object *> &desired, Alike alike) {
  std::vector<std::pair<const Object *, const Object *>> pairs;
  for (const Object *old_one : current) {
    std::vector<const Object *> matches;
    for (const Object *new_one : desired) {
      if (alike(*old_one, *new_one)) matches.push_back(new_one);
    }
    if (matches.size() != 1) continue;
    const auto rivals = std::count_if(current.begin(), current.end(),
                                      [&](const Object *other) { return alike(*other, *matches.front()); });
    if (rivals == 1) pairs.emplace_back(old_one, matches.front());
  }
  return pairs;
}

// The names that follow a renamed table's or column's: constraints,
// indexes and owned sequences PostgreSQL named after them
// (accounts_pkey, users_name_key, accounts_id_seq), alike on both sides but
// for the name. Renaming them keeps an index instead of building a new one.
std::vector<Rename> following_names(const model::Catalog &current, const model::Catalog &desired,
                                    const QualifiedName &table_name) {
  std::vector<Rename> renames;
  const model::Table *table = table_in(current, table_name);
  const model::Table *wanted = table_in(desired, table_name);
  if (table == nullptr || wanted == nullptr) return renames;

  std::vector<const model::Constraint *> old_constraints, new_constraints;
  for (const model::Constraint &constraint : table->constraints) {
    if (wanted->constraint(constraint.name) == nullptr) old_constraints.push_back(&constraint);
  }
  for (const model::Constraint &constraint : wanted->constraints) {
    if (table->constraint(constraint.name) == nullptr) new_constraints.push_back(&constraint);
  }
  const auto alike_constraints = [](const model::Constraint &a, model::Constraint b) {
    b.name = a.name;
    b.comment = a.comment;
    return a == b;
  };
  for (const auto &[from, to] : pair_unmatched(old_constraints, new_constraints, alike_constraints)) {
    if (name_taken(current, {table_name.schema, to->name})) continue; // its index would collide
    renames.push_back({{ObjectKind::Constraint, table_name.schema, table_name.name, from->name}, to->name, ""});
  }

  std::vector<const model::Index *> old_indexes, new_indexes;
  for (const auto &[name, index] : current.indexes) {
    if (index.table == table_name && !index.constraint && !desired.indexes.contains(name))
      old_indexes.push_back(&index);
  }
  for (const auto &[name, index] : desired.indexes) {
    if (index.table == table_name && !index.constraint && !current.indexes.contains(name))
      new_indexes.push_back(&index);
  }
  const auto alike_indexes = [](const model::Index &a, const model::Index &b) {
    model::Index renamed = renamed_index(a, b.name.name);
    renamed.comment = b.comment;
    return renamed == b;
  };
  for (const auto &[from, to] : pair_unmatched(old_indexes, new_indexes, alike_indexes)) {
    if (name_taken(current, to->name)) continue;
    renames.push_back({{ObjectKind::Index, from->name.schema, from->name.name, ""}, to->name.name, ""});
  }

  std::vector<const model::Sequence *> old_sequences, new_sequences;
  for (const auto &[name, sequence] : current.sequences) {
    if (sequence.owned_by && sequence.owned_by->table == table_name && !desired.sequences.contains(name))
      old_sequences.push_back(&sequence);
  }
  for (const auto &[name, sequence] : desired.sequences) {
    if (sequence.owned_by && sequence.owned_by->table == table_name && !current.sequences.contains(name))
      new_sequences.push_back(&sequence);
  }
  const auto alike_sequences = [](const model::Sequence &a, const model::Sequence &b) {
    return a.name.schema == b.name.schema && a.options == b.options && a.owned_by == b.owned_by;
  };
  for (const auto &[from, to] : pair_unmatched(old_sequences, new_sequences, alike_sequences)) {
    if (name_taken(current, to->name)) continue;
    renames.push_back({{ObjectKind::Sequence, from->name.schema, from->name.name, ""}, to->name.name, ""});
  }
  return renames;
}

} // namespace

std::vector<Rename> resolve_renames(const model::Catalog &current, const model::Catalog &desired,
                                    const std::map<std::string, std::string> &entries) {
  std::vector<Rename> renames;
  if (entries.empty()) return renames;
  model::Catalog renamed = current;
  std::map<QualifiedName, QualifiedName> relation_names; // every relation entry's, applied or not
  std::vector<QualifiedName> touched_tables;
  const auto take = [&](const Rename &rename) {
    renamed = apply_rename(std::move(renamed), rename);
    renames.push_back(rename);
  };
  for (const auto &[key, value] : entries) {
    const std::vector<std::string> parts = split_name(key);
    if (parts.size() == 3) continue;
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      refuse(key, fmt::format("\"{}\" names no relation or column", key),
             "a [renames] key is \"schema.relation\" or \"schema.table.column\"");
    }
    const QualifiedName from{parts[0], parts[1]};
    const std::string to = new_name(key, parts, value);
    relation_names[from] = {from.schema, to};
    if (const std::optional<Rename> rename = relation_rename(renamed, desired, key, from, to)) {
      take(*rename);
      if (rename->object.kind == ObjectKind::Table) touched_tables.push_back({from.schema, to});
    }
  }
  for (const auto &[key, value] : entries) {
    const std::vector<std::string> parts = split_name(key);
    if (parts.size() != 3) continue;
    if (parts[0].empty() || parts[1].empty() || parts[2].empty()) {
      refuse(key, fmt::format("\"{}\" names no column", key),
             "a [renames] key is \"schema.relation\" or \"schema.table.column\"");
    }
    QualifiedName table{parts[0], parts[1]};
    if (const auto mapped = relation_names.find(table); mapped != relation_names.end()) table = mapped->second;
    if (const std::optional<Rename> rename =
            column_rename(renamed, desired, key, table, parts[2], new_name(key, parts, value))) {
      take(*rename);
      touched_tables.push_back(table);
    }
  }
  std::sort(touched_tables.begin(), touched_tables.end());
  touched_tables.erase(std::unique(touched_tables.begin(), touched_tables.end()), touched_tables.end());
  // Partitions of a touched table have names that follow too (their keys' indexes).
  for (std::size_t i = 0; i < touched_tables.size(); ++i) {
    for (const auto &[name, table] : renamed.tables) {
      if (table.partition_of && table.partition_of->parent == touched_tables[i] &&
          std::find(touched_tables.begin(), touched_tables.end(), name) == touched_tables.end()) {
        touched_tables.push_back(name);
      }
    }
  }
  for (const QualifiedName &table : touched_tables) {
    for (const Rename &rename : following_names(renamed, desired, table)) take(rename);
  }
  return renames;
}

} // namespace schemadiff::diff
