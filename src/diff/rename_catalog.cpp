// A catalog renamed the way PostgreSQL renames its objects: the object's
// key and name, and everything that names it, so that the differ compares
// the renamed object with the desired one as the same object.

#include "schemadiff/diff/renames.hpp"

#include "rename_sql.hpp"

#include "schemadiff/pg/quote.hpp"

#include <algorithm>
#include <functional>

namespace schemadiff::diff {

namespace {

using model::ObjectKind;
using model::ObjectRef;
using model::QualifiedName;

// The references a relation's name is part of: its own, and those of the
// members named by their table (columns, constraints, triggers, policies).
bool named_after_relation(ObjectKind relation, ObjectKind reference) {
  if (reference == relation) return true;
  switch (relation) {
  case ObjectKind::Table:
    return reference == ObjectKind::Column || reference == ObjectKind::Constraint || reference == ObjectKind::Trigger ||
           reference == ObjectKind::Policy;
  case ObjectKind::View:
    return reference == ObjectKind::Column || reference == ObjectKind::Trigger;
  case ObjectKind::MaterializedView:
    return reference == ObjectKind::Column;
  default:
    return false;
  }
}

template <typename Map, typename Key> void rekey(Map &map, const Key &from, const Key &to) {
  auto node = map.extract(from);
  if (node.empty()) return;
  node.key() = to;
  map.insert(std::move(node));
}

// Triggers and policies are keyed by their table.
template <typename Map> void rekey_members(Map &map, const QualifiedName &from, const QualifiedName &to) {
  std::vector<model::TableMemberKey> keys;
  for (const auto &[key, member] : map) {
    if (key.table == from) keys.push_back(key);
  }
  for (const model::TableMemberKey &key : keys) {
    auto node = map.extract(key);
    node.key().table = to;
    node.mapped().key.table = to;
    map.insert(std::move(node));
  }
}

void rename_references(model::Catalog &catalog, const std::function<ObjectRef(const ObjectRef &)> &rename) {
  std::map<ObjectRef, std::vector<ObjectRef>> dependencies;
  for (const auto &[object, needs] : catalog.dependencies) {
    std::vector<ObjectRef> &renamed = dependencies[rename(object)];
    for (const ObjectRef &need : needs) renamed.push_back(rename(need));
  }
  for (auto &[object, needs] : dependencies) {
    std::sort(needs.begin(), needs.end());
    needs.erase(std::unique(needs.begin(), needs.end()), needs.end());
  }
  catalog.dependencies = std::move(dependencies);
  std::map<ObjectRef, std::string> source_text;
  for (auto &[object, text] : catalog.source_text) source_text[rename(object)] = std::move(text);
  catalog.source_text = std::move(source_text);
}

void rewrite(std::optional<std::string> &text, const std::function<std::string(const std::string &)> &how) {
  if (text) text = how(*text);
}

void rename_in_list(std::vector<std::string> &names, const std::string &from, const std::string &to) {
  std::replace(names.begin(), names.end(), from, to);
}

// A relation within its schema. An index backing a constraint renames the
// constraint with it, as ALTER INDEX ... RENAME does.
void rename_relation(model::Catalog &catalog, ObjectKind kind, const QualifiedName &from, const std::string &to) {
  const QualifiedName target{from.schema, to};
  const auto relation_text = [&](bool own) {
    return [&, own](const std::string &sql) { return rename_relation_in_sql(sql, from, to, own); };
  };
  // A table's or view's row type, as format_type prints it.
  const std::string old_type = pg::quote_qualified(from.schema, from.name);
  const auto rename_type = [&](std::string &type) {
    if (type == old_type || type.starts_with(old_type + "["))
      type = pg::quote_qualified(from.schema, to) + type.substr(old_type.size());
  };
  std::optional<std::pair<QualifiedName, std::string>> renamed_constraint; // table, old name

  switch (kind) {
  case ObjectKind::Table:
    rekey(catalog.tables, from, target);
    if (auto table = catalog.tables.find(target); table != catalog.tables.end()) table->second.name = target;
    rekey(catalog.statistics, from, target);
    break;
  case ObjectKind::View:
    rekey(catalog.views, from, target);
    if (auto view = catalog.views.find(target); view != catalog.views.end()) view->second.name = target;
    break;
  case ObjectKind::MaterializedView:
    rekey(catalog.materialized_views, from, target);
    if (auto view = catalog.materialized_views.find(target); view != catalog.materialized_views.end())
      view->second.name = target;
    rekey(catalog.statistics, from, target);
    break;
  case ObjectKind::Sequence:
    rekey(catalog.sequences, from, target);
    if (auto sequence = catalog.sequences.find(target); sequence != catalog.sequences.end())
      sequence->second.name = target;
    break;
  case ObjectKind::Index:
    rekey(catalog.indexes, from, target);
    if (auto found = catalog.indexes.find(target); found != catalog.indexes.end()) {
      model::Index &index = found->second;
      index.name = target;
      index.definition = rename_index_in_definition(index.definition, to);
      if (index.constraint) {
        renamed_constraint.emplace(index.table, *index.constraint);
        if (auto table = catalog.tables.find(index.table); table != catalog.tables.end()) {
          for (model::Constraint &constraint : table->second.constraints) {
            if (constraint.name == *index.constraint) constraint.name = to;
          }
        }
        index.constraint = to;
      }
    }
    break;
  default:
    break;
  }

  for (auto &[name, table] : catalog.tables) {
    const auto own_text = relation_text(kind == ObjectKind::Table && name == target);
    if (table.partition_of && table.partition_of->parent == from) table.partition_of->parent = target;
    for (model::Column &column : table.columns) {
      rename_type(column.type);
      rewrite(column.default_value, own_text);
      rewrite(column.generated, own_text);
    }
    for (model::Constraint &constraint : table.constraints) {
      if (constraint.references && constraint.references->table == from) constraint.references->table = target;
      constraint.definition = own_text(constraint.definition);
    }
  }
  for (auto &[name, index] : catalog.indexes) {
    if (index.table == from) index.table = target;
    if (kind == ObjectKind::Index && index.parent_index == from) index.parent_index = target;
    index.definition = relation_text(false)(index.definition);
  }
  for (auto &[name, sequence] : catalog.sequences) {
    if (sequence.owned_by && sequence.owned_by->table == from) sequence.owned_by->table = target;
  }
  const auto rename_view = [&](auto &view) {
    std::replace(view.depends_on.relations.begin(), view.depends_on.relations.end(), from, target);
    std::sort(view.depends_on.relations.begin(), view.depends_on.relations.end());
    view.definition = relation_text(false)(view.definition);
  };
  for (auto &[name, view] : catalog.views) rename_view(view);
  for (auto &[name, view] : catalog.materialized_views) rename_view(view);
  rekey_members(catalog.triggers, from, target);
  for (auto &[key, trigger] : catalog.triggers) trigger.definition = relation_text(false)(trigger.definition);
  rekey_members(catalog.policies, from, target);
  for (auto &[key, policy] : catalog.policies) {
    const auto own_text = relation_text(kind == ObjectKind::Table && key.table == target);
    rewrite(policy.using_expression, own_text);
    rewrite(policy.check_expression, own_text);
  }
  for (auto &[name, type] : catalog.composite_types) {
    for (model::CompositeAttribute &attribute : type.attributes) rename_type(attribute.type);
  }

  rename_references(catalog, [&](const ObjectRef &object) {
    ObjectRef renamed = object;
    if (object.schema == from.schema && object.name == from.name && named_after_relation(kind, object.kind))
      renamed.name = to;
    if (renamed_constraint && object.kind == ObjectKind::Constraint &&
        object.schema == renamed_constraint->first.schema && object.name == renamed_constraint->first.name &&
        object.member == renamed_constraint->second) {
      renamed.member = to;
    }
    return renamed;
  });
}

// A table and its partitions, their partitions, and so on: PostgreSQL
// renames a column of a partitioned table in every partition.
std::vector<QualifiedName> with_partitions(const model::Catalog &catalog, const QualifiedName &table,
                                           const std::string &column) {
  std::vector<QualifiedName> tables{table};
  for (std::size_t i = 0; i < tables.size(); ++i) {
    for (const auto &[name, partition] : catalog.tables) {
      if (partition.partition_of && partition.partition_of->parent == tables[i] &&
          partition.column(column) != nullptr) {
        tables.push_back(name);
      }
    }
  }
  return tables;
}

void rename_column(model::Catalog &catalog, const QualifiedName &table_name, const std::string &from,
                   const std::string &to) {
  const std::vector<QualifiedName> tables = with_partitions(catalog, table_name, from);
  for (const QualifiedName &name : tables) {
    model::Table &table = catalog.tables.at(name);
    const auto expression = [&](const std::string &sql) {
      return rename_column_in_expression(sql, name.name, from, to);
    };
    for (model::Column &column : table.columns) {
      if (column.name == from) column.name = to;
      rewrite(column.default_value, expression);
      rewrite(column.generated, expression);
    }
    rewrite(table.partition_key, expression);
    for (model::Constraint &constraint : table.constraints) {
      rename_in_list(constraint.columns, from, to);
      constraint.definition = constraint.kind == model::ConstraintKind::ForeignKey
                                  ? rename_local_column_in_foreign_key(constraint.definition, {from, to})
                                  : expression(constraint.definition);
    }
    for (auto &[index_name, index] : catalog.indexes) {
      if (index.table != name) continue;
      index.definition = rename_column_in_index(index.definition, name.name, from, to);
      for (model::IndexKey &key : index.keys) key.expression = expression(key.expression);
      rename_in_list(index.include, from, to);
      rewrite(index.predicate, expression);
    }
    for (auto &[key, trigger] : catalog.triggers) {
      if (key.table == name) trigger.definition = rename_column_in_trigger(trigger.definition, from, to);
    }
    for (auto &[key, policy] : catalog.policies) {
      if (key.table != name) continue;
      rewrite(policy.using_expression, expression);
      rewrite(policy.check_expression, expression);
    }
    for (auto &[sequence_name, sequence] : catalog.sequences) {
      if (sequence.owned_by && sequence.owned_by->table == name && sequence.owned_by->column == from)
        sequence.owned_by->column = to;
    }
    for (auto &[referencing_name, referencing] : catalog.tables) {
      for (model::Constraint &constraint : referencing.constraints) {
        if (!constraint.references || constraint.references->table != name) continue;
        rename_in_list(constraint.references->columns, from, to);
        constraint.definition = rename_referenced_column_in_foreign_key(constraint.definition, name, {from, to});
      }
    }
  }
  rename_references(catalog, [&](const ObjectRef &object) {
    ObjectRef renamed = object;
    const bool renamed_table =
        std::find(tables.begin(), tables.end(), QualifiedName{object.schema, object.name}) != tables.end();
    if (object.kind == ObjectKind::Column && renamed_table && object.member == from) renamed.member = to;
    return renamed;
  });
}

// A constraint without an index of its own; one with an index is renamed
// through it.
void rename_constraint(model::Catalog &catalog, const QualifiedName &table_name, const std::string &from,
                       const std::string &to) {
  for (const auto &[name, index] : catalog.indexes) {
    if (index.table == table_name && index.constraint == from) {
      const QualifiedName index_name = name; // the map entry moves
      rename_relation(catalog, ObjectKind::Index, index_name, to);
      return;
    }
  }
  const auto table = catalog.tables.find(table_name);
  if (table == catalog.tables.end()) return;
  for (model::Constraint &constraint : table->second.constraints) {
    if (constraint.name == from) constraint.name = to;
  }
  rename_references(catalog, [&](const ObjectRef &object) {
    ObjectRef renamed = object;
    if (object.kind == ObjectKind::Constraint && object.schema == table_name.schema && object.name == table_name.name &&
        object.member == from) {
      renamed.member = to;
    }
    return renamed;
  });
}

} // namespace

model::Catalog apply_rename(model::Catalog catalog, const Rename &rename) {
  const ObjectRef &object = rename.object;
  const QualifiedName name{object.schema, object.name};
  switch (object.kind) {
  case ObjectKind::Column:
    if (catalog.tables.contains(name)) rename_column(catalog, name, object.member, rename.to);
    break;
  case ObjectKind::Constraint:
    rename_constraint(catalog, name, object.member, rename.to);
    break;
  default:
    rename_relation(catalog, object.kind, name, rename.to);
    break;
  }
  return catalog;
}

model::Catalog apply_renames(model::Catalog catalog, const std::vector<Rename> &renames) {
  for (const Rename &rename : renames) catalog = apply_rename(std::move(catalog), rename);
  return catalog;
}

model::ObjectRef renamed_ref(const model::ObjectRef &object, const Rename &rename) {
  const ObjectRef &renamed = rename.object;
  ObjectRef result = object;
  if (object.schema != renamed.schema || object.name != renamed.name) return result;
  switch (renamed.kind) {
  case ObjectKind::Column:
  case ObjectKind::Constraint:
    if (object.kind == renamed.kind && object.member == renamed.member) result.member = rename.to;
    break;
  default:
    if (named_after_relation(renamed.kind, object.kind)) result.name = rename.to;
    break;
  }
  return result;
}

std::pair<model::QualifiedName, std::string> expression_before_renames(model::QualifiedName table, std::string sql,
                                                                       const std::vector<Rename> &renames) {
  for (auto rename = renames.rbegin(); rename != renames.rend(); ++rename) {
    const ObjectRef &object = rename->object;
    if (object.schema != table.schema) continue;
    if (object.kind == ObjectKind::Column && object.name == table.name) {
      sql = rename_column_in_expression(sql, table.name, rename->to, object.member);
    } else if (object.kind != ObjectKind::Column && object.kind != ObjectKind::Constraint && rename->to == table.name) {
      sql = rename_relation_in_sql(sql, table, object.name, true);
      table.name = object.name;
    }
  }
  return {std::move(table), std::move(sql)};
}

} // namespace schemadiff::diff
