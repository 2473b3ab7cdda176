#include "schemadiff/emit/catalog_json.hpp"

#include "catalog_json_objects.hpp"

namespace schemadiff::emit {

namespace {

// A map of objects as an array in key order, which is identity order.
template <typename Map> Json array_of(const Map &objects) {
  Json array = Json::array();
  for (const auto &[key, object] : objects) array.push_back(to_json(object));
  return array;
}

Json dependencies_of(const model::Catalog &catalog) {
  Json array = Json::array();
  for (const auto &[object, needs] : catalog.dependencies) {
    Json depends_on = Json::array();
    for (const model::ObjectRef &need : needs) depends_on.push_back(object_ref(need));
    array.push_back({{"object", object_ref(object)}, {"depends_on", depends_on}});
  }
  return array;
}

Json statistics_of(const model::Catalog &catalog) {
  Json array = Json::array();
  for (const auto &[name, statistics] : catalog.statistics) {
    array.push_back({{"schema", name.schema},
                     {"name", name.name},
                     {"estimated_rows", statistics.estimated_rows},
                     {"total_bytes", statistics.total_bytes}});
  }
  return array;
}

} // namespace

std::string render_catalog_json(const model::Catalog &catalog) {
  Json document = Json::object();
  document["format"] = "schemadiff.catalog";
  document["format_version"] = 1;
  document["server_version_num"] = catalog.server_version_num;
  document["schemas"] = array_of(catalog.schemas);
  document["extensions"] = array_of(catalog.extensions);
  document["collations"] = array_of(catalog.collations);
  document["enums"] = array_of(catalog.enums);
  document["domains"] = array_of(catalog.domains);
  document["composite_types"] = array_of(catalog.composite_types);
  document["range_types"] = array_of(catalog.range_types);
  document["sequences"] = array_of(catalog.sequences);
  document["tables"] = array_of(catalog.tables);
  document["indexes"] = array_of(catalog.indexes);
  document["views"] = array_of(catalog.views);
  document["materialized_views"] = array_of(catalog.materialized_views);
  document["routines"] = array_of(catalog.routines);
  document["aggregates"] = array_of(catalog.aggregates);
  document["triggers"] = array_of(catalog.triggers);
  document["policies"] = array_of(catalog.policies);
  document["default_privileges"] = array_of(catalog.default_privileges);
  document["dependencies"] = dependencies_of(catalog);
  document["statistics"] = statistics_of(catalog);
  // Names from a database whose encoding is not UTF-8 may hold bytes that
  // are not UTF-8; they are replaced rather than failing the whole output.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace schemadiff::emit
