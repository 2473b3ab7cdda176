#include "catalog_json_objects.hpp"

namespace schemadiff::emit {

namespace {

Json referential_action(char code) {
  return code_word(code,
                   {{'a', "no_action"}, {'r', "restrict"}, {'c', "cascade"}, {'n', "set_null"}, {'d', "set_default"}});
}

const char *constraint_kind(model::ConstraintKind kind) {
  switch (kind) {
  case model::ConstraintKind::PrimaryKey:
    return "primary_key";
  case model::ConstraintKind::Unique:
    return "unique";
  case model::ConstraintKind::Check:
    return "check";
  case model::ConstraintKind::ForeignKey:
    return "foreign_key";
  case model::ConstraintKind::Exclusion:
    return "exclusion";
  }
  return "unknown";
}

const char *trigger_enabled(model::TriggerEnabled enabled) {
  switch (enabled) {
  case model::TriggerEnabled::Origin:
    return "origin";
  case model::TriggerEnabled::Disabled:
    return "disabled";
  case model::TriggerEnabled::Replica:
    return "replica";
  case model::TriggerEnabled::Always:
    return "always";
  }
  return "unknown";
}

Json column_of(const model::Column &column) {
  Json identity = nullptr;
  if (column.identity) {
    identity = {{"kind", column.identity->kind == model::IdentityKind::Always ? "always" : "by_default"},
                {"options", sequence_options(column.identity->options)}};
  }
  return {{"name", column.name},
          {"type", column.type},
          {"collation", text_or_null(column.collation)},
          {"default_value", text_or_null(column.default_value)},
          {"not_null", column.not_null},
          {"identity", identity},
          {"generated", text_or_null(column.generated)},
          {"comment", text_or_null(column.comment)},
          {"privileges", privileges_of(column.privileges)}};
}

Json constraint_of(const model::Constraint &constraint) {
  Json references = nullptr;
  if (constraint.references) {
    const model::ForeignKeyTarget &target = *constraint.references;
    references = {{"table", name_of(target.table)},
                  {"columns", target.columns},
                  {"match_type", code_word(target.match_type, {{'f', "full"}, {'p', "partial"}, {'s', "simple"}})},
                  {"on_update", referential_action(target.on_update)},
                  {"on_delete", referential_action(target.on_delete)}};
  }
  return {{"name", constraint.name},
          {"kind", constraint_kind(constraint.kind)},
          {"definition", constraint.definition},
          {"columns", constraint.columns},
          {"references", references},
          {"validated", constraint.validated},
          {"deferrable", constraint.deferrable},
          {"initially_deferred", constraint.initially_deferred},
          {"nulls_not_distinct", constraint.nulls_not_distinct},
          {"no_inherit", constraint.no_inherit},
          {"comment", text_or_null(constraint.comment)}};
}

Json dependencies_of(const model::ViewDependencies &dependencies) {
  Json relations = Json::array();
  for (const model::QualifiedName &relation : dependencies.relations) relations.push_back(name_of(relation));
  Json routines = Json::array();
  for (const model::RoutineKey &routine : dependencies.routines) routines.push_back(identified(routine));
  return {{"relations", relations}, {"routines", routines}};
}

Json column_comments_of(const std::map<std::string, std::string> &comments) {
  Json object = Json::object();
  for (const auto &[column, comment] : comments) object[column] = comment;
  return object;
}

} // namespace

Json to_json(const model::Sequence &sequence) {
  Json json = identified(sequence.name);
  json["options"] = sequence_options(sequence.options);
  json["owned_by"] = sequence.owned_by
                         ? Json{{"table", name_of(sequence.owned_by->table)}, {"column", sequence.owned_by->column}}
                         : Json(nullptr);
  json["comment"] = text_or_null(sequence.comment);
  json["privileges"] = privileges_of(sequence.privileges);
  return json;
}

Json to_json(const model::Table &table) {
  Json columns = Json::array();
  for (const model::Column &column : table.columns) columns.push_back(column_of(column));
  Json constraints = Json::array();
  for (const model::Constraint &constraint : table.constraints) constraints.push_back(constraint_of(constraint));
  Json json = identified(table.name);
  json["unlogged"] = table.unlogged;
  json["partition_key"] = text_or_null(table.partition_key);
  json["partition_of"] =
      table.partition_of ? Json{{"parent", name_of(table.partition_of->parent)}, {"bound", table.partition_of->bound}}
                         : Json(nullptr);
  json["columns"] = columns;
  json["constraints"] = constraints;
  json["options"] = table.options;
  json["row_security"] = table.row_security;
  json["force_row_security"] = table.force_row_security;
  json["comment"] = text_or_null(table.comment);
  json["privileges"] = privileges_of(table.privileges);
  return json;
}

Json to_json(const model::Index &index) {
  Json keys = Json::array();
  for (const model::IndexKey &key : index.keys) {
    keys.push_back({{"expression", key.expression},
                    {"collation", text_or_null(key.collation)},
                    {"opclass", text_or_null(key.opclass)},
                    {"descending", key.descending},
                    {"nulls_first", key.nulls_first}});
  }
  Json json = identified(index.name);
  json["table"] = name_of(index.table);
  json["definition"] = index.definition;
  json["method"] = index.method;
  json["unique"] = index.unique;
  json["nulls_not_distinct"] = index.nulls_not_distinct;
  json["keys"] = keys;
  json["include"] = index.include;
  json["predicate"] = text_or_null(index.predicate);
  json["options"] = index.options;
  json["valid"] = index.valid;
  json["constraint"] = text_or_null(index.constraint);
  json["parent_index"] = index.parent_index ? name_of(*index.parent_index) : Json(nullptr);
  json["comment"] = text_or_null(index.comment);
  return json;
}

Json to_json(const model::View &view) {
  Json json = identified(view.name);
  json["definition"] = view.definition;
  json["options"] = view.options;
  json["columns"] = view.columns;
  json["column_comments"] = column_comments_of(view.column_comments);
  json["depends_on"] = dependencies_of(view.depends_on);
  json["comment"] = text_or_null(view.comment);
  json["privileges"] = privileges_of(view.privileges);
  return json;
}

Json to_json(const model::MaterializedView &view) {
  Json json = identified(view.name);
  json["definition"] = view.definition;
  json["options"] = view.options;
  json["columns"] = view.columns;
  json["column_comments"] = column_comments_of(view.column_comments);
  json["populated"] = view.populated;
  json["depends_on"] = dependencies_of(view.depends_on);
  json["comment"] = text_or_null(view.comment);
  json["privileges"] = privileges_of(view.privileges);
  return json;
}

Json to_json(const model::Trigger &trigger) {
  Json json = identified(trigger.key);
  json["definition"] = trigger.definition;
  json["function"] = trigger.function;
  json["enabled"] = trigger_enabled(trigger.enabled);
  json["comment"] = text_or_null(trigger.comment);
  return json;
}

Json to_json(const model::Policy &policy) {
  Json json = identified(policy.key);
  json["permissive"] = policy.permissive;
  json["command"] = policy.command;
  json["roles"] = policy.roles;
  json["using_expression"] = text_or_null(policy.using_expression);
  json["check_expression"] = text_or_null(policy.check_expression);
  json["comment"] = text_or_null(policy.comment);
  return json;
}

} // namespace schemadiff::emit
