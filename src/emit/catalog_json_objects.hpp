#pragma once
// Each model struct as a JSON object: every field, in the struct's order,
// absent optionals as null, enums and catalog codes as lower-case words.

#include "schemadiff/model/catalog.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace schemadiff::emit {

// Keys stay in the order they are set, which is the model's field order.
using Json = nlohmann::ordered_json;

// catalog_json_fields.cpp: fields many objects share.
Json text_or_null(const std::optional<std::string> &value); // the text, or null
Json name_of(const model::QualifiedName &name);             // {"schema", "name"}
// An object's identity, which opens its JSON object.
Json identified(const model::QualifiedName &name);
Json identified(const model::RoutineKey &key);     // + "identity_arguments"
Json identified(const model::TableMemberKey &key); // {"table": {...}, "name"}
Json privileges_of(const model::Privileges &privileges);
// A catalog's one-letter code as the word it stands for; an unknown code as itself.
Json code_word(char code, std::initializer_list<std::pair<char, const char *>> words);
Json sequence_options(const model::SequenceOptions &options);
Json object_ref(const model::ObjectRef &ref);

// catalog_json_types.cpp
Json to_json(const model::Schema &schema);
Json to_json(const model::Extension &extension);
Json to_json(const model::Collation &collation);
Json to_json(const model::EnumType &type);
Json to_json(const model::Domain &domain);
Json to_json(const model::CompositeType &type);
Json to_json(const model::RangeType &type);
Json to_json(const model::Routine &routine);
Json to_json(const model::Aggregate &aggregate);
Json to_json(const model::DefaultPrivilege &defaults);

// catalog_json_relations.cpp
Json to_json(const model::Sequence &sequence);
Json to_json(const model::Table &table);
Json to_json(const model::Index &index);
Json to_json(const model::View &view);
Json to_json(const model::MaterializedView &view);
Json to_json(const model::Trigger &trigger);
Json to_json(const model::Policy &policy);

} // namespace schemadiff::emit
