#pragma once
// `schemadiff inspect --format json`: every field of the model, for tools
// and for eyes. The shape is documented in docs/inspect-json.md.

#include "schemadiff/model/catalog.hpp"

#include <string>

namespace schemadiff::emit {

// Pretty JSON (two-space indent): object kinds as arrays sorted by identity,
// keys in the model's field order, enums as lower-case words.
std::string render_catalog_json(const model::Catalog &catalog);

} // namespace schemadiff::emit
