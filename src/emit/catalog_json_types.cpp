#include "catalog_json_objects.hpp"

namespace schemadiff::emit {

Json to_json(const model::Schema &schema) {
  return {{"name", schema.name},
          {"comment", text_or_null(schema.comment)},
          {"privileges", privileges_of(schema.privileges)}};
}

Json to_json(const model::Extension &extension) {
  return {{"name", extension.name},
          {"schema", extension.schema},
          {"version", extension.version},
          {"comment", text_or_null(extension.comment)}};
}

Json to_json(const model::Collation &collation) {
  Json json = identified(collation.name);
  json["provider"] = collation.provider;
  json["locale"] = text_or_null(collation.locale);
  json["lc_collate"] = text_or_null(collation.lc_collate);
  json["lc_ctype"] = text_or_null(collation.lc_ctype);
  json["deterministic"] = collation.deterministic;
  json["comment"] = text_or_null(collation.comment);
  return json;
}

Json to_json(const model::EnumType &type) {
  Json json = identified(type.name);
  json["labels"] = type.labels;
  json["comment"] = text_or_null(type.comment);
  json["privileges"] = privileges_of(type.privileges);
  return json;
}

Json to_json(const model::Domain &domain) {
  Json checks = Json::array();
  for (const model::DomainCheck &check : domain.checks) {
    checks.push_back({{"name", check.name},
                      {"expression", check.expression},
                      {"validated", check.validated},
                      {"comment", text_or_null(check.comment)}});
  }
  Json json = identified(domain.name);
  json["base_type"] = domain.base_type;
  json["collation"] = text_or_null(domain.collation);
  json["default_value"] = text_or_null(domain.default_value);
  json["not_null"] = domain.not_null;
  json["checks"] = checks;
  json["comment"] = text_or_null(domain.comment);
  json["privileges"] = privileges_of(domain.privileges);
  return json;
}

Json to_json(const model::CompositeType &type) {
  Json attributes = Json::array();
  for (const model::CompositeAttribute &attribute : type.attributes) {
    attributes.push_back({{"name", attribute.name},
                          {"type", attribute.type},
                          {"collation", text_or_null(attribute.collation)},
                          {"comment", text_or_null(attribute.comment)}});
  }
  Json json = identified(type.name);
  json["attributes"] = attributes;
  json["comment"] = text_or_null(type.comment);
  json["privileges"] = privileges_of(type.privileges);
  return json;
}

Json to_json(const model::RangeType &type) {
  Json json = identified(type.name);
  json["subtype"] = type.subtype;
  json["subtype_opclass"] = text_or_null(type.subtype_opclass);
  json["collation"] = text_or_null(type.collation);
  json["canonical_function"] = text_or_null(type.canonical_function);
  json["subtype_diff_function"] = text_or_null(type.subtype_diff_function);
  json["multirange_name"] = text_or_null(type.multirange_name);
  json["comment"] = text_or_null(type.comment);
  json["privileges"] = privileges_of(type.privileges);
  return json;
}

Json to_json(const model::Routine &routine) {
  Json json = identified(routine.key);
  json["kind"] = routine.kind == model::RoutineKind::Procedure ? "procedure" : "function";
  json["definition"] = routine.definition;
  json["arguments"] = routine.arguments;
  json["result"] = routine.result;
  json["language"] = routine.language;
  json["comment"] = text_or_null(routine.comment);
  json["privileges"] = privileges_of(routine.privileges);
  return json;
}

Json to_json(const model::Aggregate &aggregate) {
  Json json = identified(aggregate.key);
  json["arguments"] = aggregate.arguments;
  json["kind"] = code_word(aggregate.kind, {{'n', "normal"}, {'o', "ordered_set"}, {'h', "hypothetical_set"}});
  json["state_function"] = aggregate.state_function;
  json["state_type"] = aggregate.state_type;
  json["final_function"] = text_or_null(aggregate.final_function);
  json["final_function_extra"] = aggregate.final_function_extra;
  json["combine_function"] = text_or_null(aggregate.combine_function);
  json["serial_function"] = text_or_null(aggregate.serial_function);
  json["deserial_function"] = text_or_null(aggregate.deserial_function);
  json["initial_condition"] = text_or_null(aggregate.initial_condition);
  json["sort_operator"] = text_or_null(aggregate.sort_operator);
  json["parallel"] = aggregate.parallel.size() == 1
                         ? code_word(aggregate.parallel.front(), {{'s', "safe"}, {'r', "restricted"}, {'u', "unsafe"}})
                         : Json(aggregate.parallel);
  json["comment"] = text_or_null(aggregate.comment);
  json["privileges"] = privileges_of(aggregate.privileges);
  return json;
}

Json to_json(const model::DefaultPrivilege &defaults) {
  return {{"role", defaults.key.role},
          {"schema", defaults.key.schema.empty() ? Json(nullptr) : Json(defaults.key.schema)},
          {"object_type", code_word(defaults.key.object_type, {{'r', "tables"},
                                                               {'S', "sequences"},
                                                               {'f', "functions"},
                                                               {'T', "types"},
                                                               {'n', "schemas"},
                                                               {'L', "large_objects"}})},
          {"privileges", privileges_of(defaults.privileges)}};
}

} // namespace schemadiff::emit
