#pragma once
// The desired state: every *.sql below the schema directory, read exactly as
// PostgreSQL reads it — checked and ordered with libpg_query, loaded into a
// fresh shadow database, and read back with the same introspection as a
// live database, so both sides of a diff are comparable by construction.

#include "schemadiff/model/catalog.hpp"

#include <filesystem>
#include <string>

namespace schemadiff::source {

// Time spent in each stage, for the benchmark.
struct DesiredSchemaTimings {
  double parse_ms = 0;
  double order_ms = 0;
  double load_ms = 0;
  double introspect_ms = 0;
};

// `shadow_server` is a connection string to any database of the server that
// holds the shadow database: a uniquely named database is created there and
// dropped again, also when loading fails. Throws Error with file:line:column.
model::Catalog read_desired_schema(const std::filesystem::path &schema_directory, const std::string &shadow_server,
                                   DesiredSchemaTimings *timings = nullptr);

} // namespace schemadiff::source
