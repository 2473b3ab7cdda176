#include "schemadiff/emit/drift_render.hpp"

#include <nlohmann/json.hpp>

namespace schemadiff::emit {

namespace {

using Json = nlohmann::ordered_json;

Json text_or_null(const std::string &text) { return text.empty() ? Json(nullptr) : Json(text); }

} // namespace

std::string render_drift_json(const DriftReport &report) {
  Json differences = Json::array();
  for (const CheckedObject &object : report.objects) {
    if (!object.drift) continue;
    Json entry;
    entry["kind"] = object.kind;
    entry["name"] = object.name;
    entry["schema"] = object.object.schema;
    entry["object"] = object.object.name;
    entry["member"] = text_or_null(object.object.member);
    entry["drift"] = drift_kind_name(*object.drift);
    entry["expected"] = text_or_null(object.expected);
    entry["actual"] = text_or_null(object.actual);
    differences.push_back(entry);
  }
  Json document;
  document["drift"] = !differences.empty();
  document["against"] = expected_side_name(report.against);
  document["source"] = report.source;
  document["checked"] = report.objects.size();
  document["ignored"] = report.ignored;
  document["differences"] = differences;
  // A SQL_ASCII database may hold bytes that are not UTF-8: replaced, never a crash.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace schemadiff::emit
