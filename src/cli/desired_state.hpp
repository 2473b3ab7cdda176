#pragma once
// The desired schema named by --schema: a directory of schema files, loaded
// through a shadow database, or a database whose schema is wanted as it is
// (e.g. make staging match production).

#include "shadow_server.hpp"

#include "schemadiff/model/catalog.hpp"

#include <string>

namespace schemadiff::cli {

// A libpq URL (postgres://, postgresql://) or key=value string rather than
// a directory.
bool names_a_database(const std::string &schema);

model::Catalog read_desired_state(const std::string &schema, ShadowServer &shadow);

} // namespace schemadiff::cli
