#include "desired_state.hpp"

#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

#include <filesystem>

namespace schemadiff::cli {

bool names_a_database(const std::string &schema) {
  if (schema.starts_with("postgres://") || schema.starts_with("postgresql://")) return true;
  // key=value strings; a directory of that name wins.
  return schema.find('=') != std::string::npos && !std::filesystem::exists(schema);
}

model::Catalog read_desired_state(const std::string &schema, ShadowServer &shadow) {
  if (names_a_database(schema)) return source::introspect(schema);
  return source::read_desired_schema(schema, shadow.conninfo());
}

} // namespace schemadiff::cli
