#include "catalog_json_objects.hpp"

namespace schemadiff::emit {

Json text_or_null(const std::optional<std::string> &value) { return value ? Json(*value) : Json(nullptr); }

Json name_of(const model::QualifiedName &name) { return {{"schema", name.schema}, {"name", name.name}}; }

Json identified(const model::QualifiedName &name) { return name_of(name); }

Json identified(const model::RoutineKey &key) {
  return {{"schema", key.schema}, {"name", key.name}, {"identity_arguments", key.identity_arguments}};
}

Json identified(const model::TableMemberKey &key) { return {{"table", name_of(key.table)}, {"name", key.name}}; }

Json privileges_of(const model::Privileges &privileges) {
  Json array = Json::array();
  for (const model::Privilege &privilege : privileges) {
    array.push_back(
        {{"grantee", privilege.grantee}, {"privilege", privilege.privilege}, {"grantable", privilege.grantable}});
  }
  return array;
}

Json code_word(char code, std::initializer_list<std::pair<char, const char *>> words) {
  for (const auto &[letter, word] : words) {
    if (letter == code) return word;
  }
  return std::string(1, code);
}

Json sequence_options(const model::SequenceOptions &options) {
  return {{"data_type", options.data_type}, {"start", options.start},         {"increment", options.increment},
          {"min_value", options.min_value}, {"max_value", options.max_value}, {"cache", options.cache},
          {"cycle", options.cycle}};
}

namespace {

const char *kind_word(model::ObjectKind kind) {
  switch (kind) {
  case model::ObjectKind::Schema:
    return "schema";
  case model::ObjectKind::Extension:
    return "extension";
  case model::ObjectKind::Collation:
    return "collation";
  case model::ObjectKind::Type:
    return "type";
  case model::ObjectKind::Sequence:
    return "sequence";
  case model::ObjectKind::Table:
    return "table";
  case model::ObjectKind::Column:
    return "column";
  case model::ObjectKind::Constraint:
    return "constraint";
  case model::ObjectKind::Index:
    return "index";
  case model::ObjectKind::View:
    return "view";
  case model::ObjectKind::MaterializedView:
    return "materialized_view";
  case model::ObjectKind::Routine:
    return "routine";
  case model::ObjectKind::Aggregate:
    return "aggregate";
  case model::ObjectKind::Trigger:
    return "trigger";
  case model::ObjectKind::Policy:
    return "policy";
  case model::ObjectKind::DefaultPrivilege:
    return "default_privilege";
  }
  return "unknown";
}

} // namespace

Json object_ref(const model::ObjectRef &ref) {
  return {{"kind", kind_word(ref.kind)}, {"schema", ref.schema}, {"name", ref.name}, {"member", ref.member}};
}

} // namespace schemadiff::emit
